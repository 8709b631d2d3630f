import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type Koa from 'koa';
import type { DataSource } from 'typeorm';
import { chatAdminRoutes } from './chat/chat.routes';
import { ChannelChatNotifier } from './chat/chat-notifier';
import type { MemberChatContext } from './chat/commands';
import { DialogEngine } from './chat/dialog-engine';
import { ChatMessageHandler, type AnyChatContext } from './chat/message-handler';
import { WechatyChannel } from './chat/wechaty-channel';
import type { Config } from './config';
import { createDataSource } from './db/data-source';
import { ChatSimulator } from './dev/chat-simulator';
import { devRoutes } from './dev/dev.routes';
import { MockChatWorld } from './dev/mock-chat';
import { createApp } from './http/app';
import { createAuthenticators } from './http/auth';
import { healthRoutes } from './http/health.routes';
import type { AuthState, RouteDef } from './http/route';
import { JobScheduler } from './jobs/scheduler';
import { MemberService } from './members/member.service';
import type { CoreDeps, LaokeModule } from './module';
import { moduleFactories } from './modules';
import { PersonalDataCipher, resolveDataKey } from './privacy/cipher';
import { AdjustableClock } from './shared/clock';
import { createLogger, type Logger } from './shared/logger';
import { UnauthorizedError } from './shared/errors';
import { TemplateLibrary } from './shared/templates';
import { StaffService } from './staff/staff.service';

export const TEMPLATES_DIR = join(__dirname, '..', 'templates');

export interface LaokeOptions {
  clock?: AdjustableClock;
  log?: Logger;
  /** Runs migrations on start (the default); tests of migrations themselves turn it off. */
  migrate?: boolean;
}

export interface Laoke {
  config: Readonly<Config>;
  ds: DataSource;
  clock: AdjustableClock;
  log: Logger;
  app: Koa;
  channel: WechatyChannel;
  handler: ChatMessageHandler;
  scheduler: JobScheduler;
  deps: CoreDeps;
  modules: LaokeModule[];
  /** Present in dev mode: the simulated WeChat world. */
  world: MockChatWorld | null;
  /** Starts chat (and, unless told otherwise, the cron schedules). */
  start(opts?: { schedules?: boolean }): Promise<void>;
  /** Graceful stop: no new messages or requests, finish what is in flight, stop the bot, close the database. */
  stop(): Promise<void>;
  isShuttingDown(): boolean;
}

/** The composition root shared by main.ts and the integration tests: one wiring, no test-only paths. */
export async function createLaoke(config: Readonly<Config>, opts: LaokeOptions = {}): Promise<Laoke> {
  const clock = opts.clock ?? new AdjustableClock();
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const ds = createDataSource(config.db);
  await ds.initialize();
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });

  const cipher = new PersonalDataCipher(resolveDataKey(config.DATA_KEY, config.DATA_DIR, log));
  const templates = new TemplateLibrary(TEMPLATES_DIR);
  const members = new MemberService(ds, cipher, clock);
  const staff = new StaffService(ds, clock);
  const world = config.devMode ? new MockChatWorld(clock) : null;
  const channel = new WechatyChannel({
    puppet: world ? world.puppet : config.WECHATY_PUPPET,
    puppetToken: config.WECHATY_PUPPET_SERVICE_TOKEN,
    friendAcceptKeyword: config.FRIEND_ACCEPT_KEYWORD,
    restartMinMs: config.CHAT_RESTART_MIN_MS,
    restartMaxMs: config.CHAT_RESTART_MAX_MS,
    clock,
    log,
    afterStart: world ? () => world.afterStart() : undefined,
    printQr: !world,
  });
  const notifier = new ChannelChatNotifier(ds, channel, clock, log);
  const dialogs = new DialogEngine<AnyChatContext>(ds, clock, config.DIALOG_TTL_MINUTES);
  const handler = new ChatMessageHandler({ ds, clock, log, templates, members, staff, notifier, channel, dialogs });
  const scheduler = new JobScheduler({ ds, clock, log, timezone: config.STORE_TIMEZONE });

  const deps: CoreDeps = {
    config,
    ds,
    clock,
    log,
    templates,
    cipher,
    members,
    staff,
    notifier,
    channel,
    dialogs,
    forwardToAssistant: (ctx: MemberChatContext, text: string, reason: 'message' | 'human') => handler.forwardToAssistant(ctx, text, reason),
    services: {},
  };
  const modules: LaokeModule[] = [];
  for (const factory of moduleFactories) {
    const mod = factory(deps);
    modules.push(mod);
    if (mod.service !== undefined) deps.services[mod.name] = mod.service;
    for (const d of mod.dialogs ?? []) dialogs.register(d);
    for (const j of mod.jobs ?? []) scheduler.register(j);
    handler.useMemberFeatures({ commands: mod.memberCommands ?? [], intents: mod.memberIntents ?? [], onNewMember: mod.onNewMember });
    handler.useStaffCommands(mod.staffCommands ?? []);
  }
  scheduler.register({
    name: 'chat-housekeeping',
    schedule: '17 3 * * *',
    description: 'Closes chat dialogs that lapsed and prunes old job claims',
    run: async () => {
      const lapsed = await dialogs.sweepExpired();
      await scheduler.runCoordinator.prune();
      return { lapsedDialogs: lapsed };
    },
  });

  const friendships = new EventEmitter();
  friendships.setMaxListeners(1000);
  const waitForFriendship = (contactId: string, timeoutMs: number) =>
    new Promise<{ accepted: boolean }>((resolve) => {
      const timer = setTimeout(() => {
        friendships.off(contactId, done);
        resolve({ accepted: false });
      }, timeoutMs);
      const done = (accepted: boolean) => {
        clearTimeout(timer);
        resolve({ accepted });
      };
      friendships.once(contactId, done);
    });

  const memberSession = modules.find((m) => m.memberSession)?.memberSession;
  const routes: RouteDef[] = [
    ...healthRoutes({ ds, channel }),
    ...chatAdminRoutes({ state: () => channel.state(), loginQr: () => channel.loginQr() }),
    ...modules.flatMap((m) => m.routes ?? []),
  ];
  if (world) {
    routes.push(
      ...devRoutes({
        ds,
        world,
        simulator: new ChatSimulator(world, handler),
        clock,
        scheduler,
        waitForFriendship,
        listStaff: () => staff.repo.find({ where: { active: true }, order: { id: 'ASC' } }),
        isOnline: () => channel.isOnline(),
      }),
    );
  }
  let shuttingDown = false;
  const app = createApp({
    routes,
    auth: createAuthenticators({
      staff,
      memberSession: memberSession
        ? (token: string): Promise<AuthState> => memberSession(token)
        : async () => {
            throw new UnauthorizedError();
          },
    }),
    log,
    version: '0.1.0',
    isShuttingDown: () => shuttingDown,
  });

  let schedulesStarted = false;
  let stopping: Promise<void> | null = null;
  return {
    config,
    ds,
    clock,
    log,
    app,
    channel,
    handler,
    scheduler,
    deps,
    modules,
    world,
    isShuttingDown: () => shuttingDown,
    async start(startOpts = {}) {
      await channel.start({
        onMessage: (msg) => handler.receive(msg),
        onFriendAccepted: async (contact) => {
          try {
            await handler.welcomeNewContact(contact);
          } finally {
            friendships.emit(contact.contactId, true);
          }
        },
        onFriendDeclined: async (contactId) => {
          friendships.emit(contactId, false);
        },
        onIgnored: (messageId, contactId) => handler.ignored(messageId, contactId),
      });
      if (startOpts.schedules !== false) {
        scheduler.start();
        schedulesStarted = true;
      }
    },
    stop() {
      // A second stop (SIGINT after SIGTERM, a test's cleanup) waits for the first instead of racing it.
      stopping ??= (async () => {
        shuttingDown = true;
        handler.stopAccepting();
        if (schedulesStarted) await scheduler.stop();
        await handler.drain();
        for (const m of modules) {
          try {
            await m.stop?.();
          } catch (err) {
            log.error({ err: (err as Error).message, module: m.name }, 'module stop failed');
          }
        }
        await channel.stop();
        if (ds.isInitialized) await ds.destroy();
        log.info('laoke stopped');
      })();
      return stopping;
    },
  };
}
