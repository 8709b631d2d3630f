import type Koa from 'koa';
import type { DataSource } from 'typeorm';
import { createAuditModule, type AuditService } from './audit';
import { CareOutlook, createCareModule, type CareModule } from './care';
import { buildChatAccounts, ChannelChatNotifier, leaseChatAccounts, chatAdminRoutes, ChatMessageHandler, chatPersonalData, DialogEngine, FriendshipOutcomes } from './chat';
import { friendshipKey, inboundHandlers, memberDialogs, peopleWords } from './chat';
import type { AccountLeaseKeeper, AnyChatContext, ChatAccounts, ChatFeatures, MemberChatContext, WechatyChannel } from './chat';
import { complaintAssignmentFollower, complaintsPersonalData, createComplaintsModule, type ComplaintService } from './complaints';
import type { Config } from './config';
import { createDataSource } from './db/data-source';
import { devRoutes } from './dev/dev.routes';
import type { MockChatWorld } from './dev/mock-chat';
import type { MockChatWorlds } from './dev/mock-worlds';
import { createApp } from './http/app';
import { createAuthenticators } from './http/auth';
import { healthRoutes } from './http/health.routes';
import { DatabaseRateCounter } from './http/rate-limit-store';
import type { RouteDef } from './http/route';
import { JobScheduler } from './jobs/scheduler';
import { createLoyaltyModule, loyaltyPersonalData, loyaltySettingsFrom, MemberValueRanks, type LoyaltyService, type PointsService, type SegmentService } from './loyalty';
import { createMembersModule, type MemberProfileService, type MemberService, type PersonalDataRights } from './members';
import { createMiniProgramModule, mpPersonalData, type MiniProgramModule } from './miniprogram';
import type { JobDef, ModuleParts, Platform } from './module';
import { createOutboxModule, outboxAssignmentFollower, outboxPersonalData, type OutboxModule } from './outbox';
import { PersonalDataCipher, resolveDataKey } from './privacy';
import { createPurchasesModule, purchasesPersonalData, type PurchaseService } from './purchases';
import { createReportsModule } from './reports';
import { CONSOLE_DIR, TEMPLATES_DIR } from './runtime-paths';
import { AdjustableClock } from './shared/clock';
import { createLogger, type Logger } from './shared/logger';
import { TemplateLibrary } from './shared/templates';
import { storeCalendar } from './shared/store-hours';
import { createStaffModule, DEFAULT_CONSOLE_SESSION_SETTINGS, type StaffService } from './staff';
import { createSurveysModule, type SurveyService } from './surveys';

export { CONSOLE_DIR, TEMPLATES_DIR } from './runtime-paths';

export interface LaokeOptions {
  clock?: AdjustableClock;
  log?: Logger;
  /** Runs migrations on start (the default); tests of migrations themselves turn it off. */
  migrate?: boolean;
}

/** Every module's public service, typed: what scripts and tests reach for. */
export interface LaokeServices {
  audit: AuditService;
  staff: StaffService;
  members: MemberService;
  profiles: MemberProfileService;
  rights: PersonalDataRights;
  outbox: OutboxModule;
  purchases: PurchaseService;
  loyalty: LoyaltyService;
  points: PointsService;
  segments: SegmentService;
  complaints: ComplaintService;
  care: CareModule;
  surveys: SurveyService;
  mp: MiniProgramModule;
}

export interface Laoke {
  config: Readonly<Config>;
  ds: DataSource;
  clock: AdjustableClock;
  log: Logger;
  templates: TemplateLibrary;
  cipher: PersonalDataCipher;
  app: Koa;
  /** The route table behind `app` and /openapi.json. */
  routes: readonly RouteDef[];
  /** The store's WeChat accounts, one bot each (CHAT_ACCOUNTS). */
  accounts: ChatAccounts;
  /** The first (main) account's bot. */
  channel: WechatyChannel;
  notifier: ChannelChatNotifier;
  /** This instance's part in the chat account leases (one holder per account across instances). */
  lease: AccountLeaseKeeper;
  dialogs: DialogEngine<AnyChatContext>;
  handler: ChatMessageHandler;
  scheduler: JobScheduler;
  services: LaokeServices;
  /** Present in dev mode: the first account's simulated WeChat world. */
  world: MockChatWorld | null;
  /** Present in dev mode: every account's simulated WeChat world. */
  worlds: MockChatWorlds | null;
  /** Starts chat (and, unless told otherwise, the cron schedules). */
  start(opts?: { schedules?: boolean }): Promise<void>;
  /** Graceful stop: no new messages or requests, finish what is in flight, stop the bot, close the database. */
  stop(): Promise<void>;
  isShuttingDown(): boolean;
}

/**
 * The composition root shared by main.ts and the integration tests: one wiring, no test-only paths.
 * Modules are built bottom-up (audit, staff, members, chat, then the modules built on them), each given
 * exactly the typed services it uses.
 */
export async function createLaoke(config: Readonly<Config>, opts: LaokeOptions = {}): Promise<Laoke> {
  const clock = opts.clock ?? new AdjustableClock();
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const ds = createDataSource(config.db);
  await ds.initialize();
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });

  const cipher = new PersonalDataCipher(resolveDataKey(config.DATA_KEY, config.DATA_DIR, log));
  const templates = new TemplateLibrary(TEMPLATES_DIR);
  const platform: Platform = { config, ds, clock, log, templates };

  // Chat transport first (one bot per store account; in dev mode each its own simulated WeChat): members
  // tell people things through the notifier.
  // Dev mode only: the mock puppet takes about a second to load, which a real start skips.
  const worlds = config.devMode ? new (require('./dev/mock-worlds') as typeof import('./dev/mock-worlds')).MockChatWorlds(clock) : null;
  const accounts = buildChatAccounts(config, { clock, log, mockPuppet: worlds?.puppetFor });
  const world = worlds?.first() ?? null;
  const channel = accounts.channel(accounts.first())!;
  // Each account's bot runs only on the instance holding its lease; every send and claim checks it.
  const lease = leaseChatAccounts({ ds, clock, log, accounts, leaseSeconds: config.CHAT_LEASE_SECONDS });
  const notifier = new ChannelChatNotifier(ds, accounts, clock, log, lease);
  const dialogs = new DialogEngine<AnyChatContext>(ds, clock, config.DIALOG_TTL_MINUTES);

  const audit = createAuditModule({ ds, clock });
  const staff = createStaffModule({
    ds,
    clock,
    codeHash: (code) => cipher.lookupHash(`console-sign-in:${code}`),
    console: { idleMinutes: config.CONSOLE_IDLE_MINUTES },
  });
  const members = createMembersModule({ ...platform, cipher, staff: staff.service, audit: audit.service, notices: notifier });
  const handler = new ChatMessageHandler({ ds, clock, log, templates, members: members.service, staff: staff.service, notifier, channels: accounts, dialogs, holderTag: (account) => lease.holderTag(account) });
  const forwardToAssistant = (ctx: MemberChatContext, text: string, reason: 'message' | 'human') => handler.forwardToAssistant(ctx, text, reason);

  // One way to queue a proactive message: every module below gets the outbox port.
  // What delivery needs of care (occasions ahead, open complaints, late texts): built before the outbox.
  const outlook = new CareOutlook({ ds, templates, care: config.CARE_CONFIG, timezone: config.STORE_TIMEZONE, storeName: config.STORE_NAME });
  const outbox = createOutboxModule({ ...platform, staff: staff.service, notifier, dialogs, outlook, sendingAccounts: () => accounts.running(), lease, value: new MemberValueRanks(ds, config.tierThresholds) });
  const purchases = createPurchasesModule({ ds, clock, members: members.service, audit: audit.service, timezone: config.STORE_TIMEZONE, templates });
  const loyalty = createLoyaltyModule({
    ...platform,
    ...loyaltySettingsFrom(config),
    members: members.service,
    purchases: purchases.service,
    outbox: outbox.outbox,
    audit: audit.service,
    notifier,
    staff: staff.service,
  });

  // Store opening hours and China's holiday calendar: complaint deadlines and reports count this time.
  const storeHours = storeCalendar({ weekly: config.storeHours, timezone: config.STORE_TIMEZONE, holidays: config.STORE_HOLIDAYS });
  const complaints = createComplaintsModule({
    ...platform,
    members: members.service,
    staff: staff.service,
    notifier,
    outbox: outbox.outbox,
    dialogs: memberDialogs(dialogs),
    forwardToAssistant,
    timezone: config.STORE_TIMEZONE,
    storeName: config.STORE_NAME,
    staffRoomId: config.STAFF_ROOM_ID ?? null,
    ackMinutes: config.COMPLAINT_ACK_MINUTES,
    answerHours: config.COMPLAINT_ANSWER_HOURS,
    storeHours,
    surveyDays: config.COMPLAINT_SURVEY_DAYS,
    draftTtlMinutes: config.COMPLAINT_DRAFT_TTL_MINUTES,
    minorMaxYuan: config.COMPLAINT_MINOR_MAX_YUAN,
    mediumMaxYuan: config.COMPLAINT_MEDIUM_MAX_YUAN,
    touches: loyalty.vipPlan,
  });
  // A member whose contact refuses the store's texts is lost; the assistant and managers hear with the context.
  const lostMembers = loyalty.lostMembers({
    openComplaints: {
      openTicketsOf: async (memberId) =>
        (await complaints.service.listForMember(memberId)).filter((c) => c.status === 'open' || c.status === 'in_progress').map((c) => c.ticketNo),
    },
  });
  notifier.whenNotFriend((refusal) => lostMembers.contactRefused(refusal));
  const care = createCareModule({
    ...platform,
    staff: staff.service,
    notifier,
    outbox: outbox.outbox,
    preview: outbox.preview,
    tasks: loyalty.vipPlan,
    levels: { leaveOut: (occasion, ids) => loyalty.segments.leaveOutOfCare(occasion, ids) },
  });
  const surveys = createSurveysModule({ ...platform, outbox: outbox.outbox, forwardToAssistant });
  const reports = createReportsModule({
    ds,
    clock,
    log,
    templates,
    notifier,
    timezone: config.STORE_TIMEZONE,
    storeHours,
    staff: staff.service,
    satisfaction: surveys.surveys,
    vipPlan: loyalty.figures,
    referrals: loyalty.figures,
    lost: loyalty.figures,
    deadlines: { ackMinutes: config.COMPLAINT_ACK_MINUTES, answerHours: config.COMPLAINT_ANSWER_HOURS, calendar: storeHours },
    dormantDays: config.DORMANT_AFTER_DAYS,
  });

  // Every module that keeps personal data takes part in a member's export and erasure.
  const rights = members.personalDataRights([
    mpPersonalData(ds),
    chatPersonalData(),
    outboxPersonalData(),
    purchasesPersonalData(ds),
    complaintsPersonalData({ clock, templates }),
    loyaltyPersonalData(),
  ]);
  // What follows a member's assistant: moved with the member by a reassignment or a hand-over, in one transaction.
  const assignment = members.assignment([
    outboxAssignmentFollower({ templates, clock }),
    complaintAssignmentFollower({ clock, templates, staff: staff.service, notifier }),
  ]);
  const rateCounter = new DatabaseRateCounter({ ds, clock });
  const mp = createMiniProgramModule({
    ...platform,
    cipher,
    members: members.service,
    profiles: members.profiles,
    merge: members.merge,
    rights,
    complaints: complaints.service,
    surveys: surveys.surveys,
    purchases: purchases.memberPurchases,
    points: loyalty.memberPoints,
    rateCounter,
    referrals: loyalty.referrals,
  });

  // Chat words: member commands and intents in this order; staff commands are tried in this order. The
  // relay (`#M… 内容`) comes last: it takes any `#M…`, so the more specific `#M… 兑换` must be tried first.
  const people = peopleWords({
    members: members.service,
    templates,
    notifier,
    dialogs,
    storeName: config.STORE_NAME,
    timezone: config.STORE_TIMEZONE,
    forwardToAssistant,
    phoneConflicts: members.phoneConflicts,
    touches: loyalty.vipPlan,
    consoleSignIn: { sessions: staff.consoleSessions, baseUrl: config.publicBaseUrl, codeMinutes: DEFAULT_CONSOLE_SESSION_SETTINGS.codeMinutes },
  });
  for (const f of [people.members, mp, care, complaints, loyalty, surveys, reports, people.staff] satisfies ChatFeatures[]) {
    for (const d of f.dialogs ?? []) dialogs.register(d);
    handler.useMemberFeatures({ commands: f.memberCommands ?? [], intents: f.memberIntents ?? [] });
    handler.useStaffCommands(f.staffCommands ?? []);
  }
  handler.useMemberFeatures({ onNewMember: people.onNewMember, onReturningMember: (ctx) => lostMembers.welcomeBack(ctx) });

  const scheduler = new JobScheduler({ ds, clock, log, timezone: config.STORE_TIMEZONE });
  const parts: ModuleParts[] = [audit, outbox, purchases, loyalty, complaints, care, surveys, reports, mp];
  const housekeeping: JobDef = {
    name: 'chat-housekeeping',
    schedule: '17 3 * * *',
    description: 'Closes chat dialogs that lapsed, prunes old job claims, ended rate-limit windows and ended console sessions',
    run: async () => {
      const lapsed = await dialogs.sweepExpired();
      await scheduler.runCoordinator.prune();
      const rateCounters = await rateCounter.prune();
      const consoleSessions = await staff.consoleSessions.prune();
      return { lapsedDialogs: lapsed, prunedRateCounters: rateCounters, prunedConsoleSessions: consoleSessions };
    },
  };
  for (const j of [...parts.flatMap((p) => p.jobs ?? []), housekeeping]) scheduler.register(j);

  const friendships = new FriendshipOutcomes();

  const routes: RouteDef[] = [
    ...healthRoutes({ ds, accounts, leases: () => lease.snapshot() }),
    ...chatAdminRoutes({ ds, accounts, sentToday: (account) => outbox.sentToday(account) }),
    ...members.routes(
      {
        purchases: {
          recentForMember: (memberId, limit) => purchases.service.listForMember(memberId, { limit }),
          summaryForMember: (memberId) => purchases.service.summaryForMember(memberId),
        },
        complaints: complaints.service,
        segments: loyalty.segments.searchFilter,
      },
      assignment,
      // Merged purchases count towards the kept member's tier and lifecycle.
      { afterMerge: (memberId) => loyalty.service.refreshMembers([memberId]).then(() => undefined) },
    ),
    ...staff.routes({ audit: audit.service, memberCount: members.memberCount, releaseOpenWork: (em, leaver) => assignment.releaseWorkOf(em, leaver), rateCounter }),
    ...parts.flatMap((p) => p.routes ?? []),
  ];
  if (worlds) {
    routes.push(
      ...devRoutes({
        ds,
        worlds,
        simulators: worlds.simulators(handler),
        accounts,
        clock,
        scheduler,
        waitForFriendship: (account, contactId, timeoutMs) => friendships.waitFor(friendshipKey(account, contactId), timeoutMs),
        listStaff: () => staff.service.repo.find({ where: { active: true }, order: { id: 'ASC' } }),
        isOnline: (account) => accounts.isOnline(account),
      }),
    );
  }
  let shuttingDown = false;
  const app = createApp({
    routes,
    auth: createAuthenticators({
      staffToken: (token) => staff.service.authenticate(token),
      consoleSession: (secret) => staff.consoleSessions.authenticate(secret),
      memberSession: (token) => mp.memberSession(token),
    }),
    log,
    version: '0.1.0',
    trustProxyHops: config.TRUST_PROXY_HOPS,
    isShuttingDown: () => shuttingDown,
    consoleDir: CONSOLE_DIR,
  });

  let schedulesStarted = false;
  let stopping: Promise<void> | null = null;
  return {
    config,
    ds,
    clock,
    log,
    templates,
    cipher,
    app,
    routes,
    accounts,
    channel,
    notifier,
    lease,
    dialogs,
    handler,
    scheduler,
    services: {
      audit: audit.service,
      staff: staff.service,
      members: members.service,
      profiles: members.profiles,
      rights,
      outbox,
      purchases: purchases.service,
      loyalty: loyalty.service,
      points: loyalty.points,
      segments: loyalty.segments,
      complaints: complaints.service,
      care,
      surveys: surveys.surveys,
      mp,
    },
    world,
    worlds,
    isShuttingDown: () => shuttingDown,
    async start(startOpts = {}) {
      accounts.use(inboundHandlers(handler, friendships));
      // Every account runs here for now; a lease per account will decide which instance runs which.
      // The bots of the accounts this instance gets the lease of start now; the others when it gets them.
      await lease.start();
      // A stop that came while the chat was starting (SIGTERM during a slow login) wins.
      if (startOpts.schedules !== false && !shuttingDown) {
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
        for (const p of parts) {
          try {
            await p.stop?.();
          } catch (err) {
            log.error({ err: (err as Error).message }, 'module stop failed');
          }
        }
        await lease.stop();
        await accounts.stopAll();
        if (ds.isInitialized) await ds.destroy();
        log.info('laoke stopped');
      })();
      return stopping;
    },
  };
}
