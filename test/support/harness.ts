import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { Member } from '../../src/members/member.entity';
import { seedDemoStore } from '../../src/db/demo-seed';
import { ChatSimulator, type SimContact } from '../../src/dev/chat-simulator';
import type { MockChatWorld } from '../../src/dev/mock-chat';
import { createLaoke, type Laoke } from '../../src/laoke';
import { AdjustableClock } from '../../src/shared/clock';
import { createLogger } from '../../src/shared/logger';
import { createTestDatabase, type TestDatabase } from './test-db';

/** A fixed key for tests: personal data is still encrypted, with a key nobody uses for real data. */
export const TEST_DATA_KEY = Buffer.alloc(32, 7).toString('base64');

export interface Harness {
  /** The running service; replaced by `restart()`. */
  laoke: Laoke;
  clock: AdjustableClock;
  world: MockChatWorld;
  chat: ChatSimulator;
  http: ReturnType<typeof request>;
  /** Every log line written, for privacy assertions. */
  logLines: string[];
  db: TestDatabase;
  /** Texts the bot sent to a contact, oldest first. */
  sentTo(contactId: string): Promise<string[]>;
  /** Sends text and returns the replies. */
  say(from: SimContact, text: string): Promise<string[]>;
  /** The member behind a WeChat contact, as stored now. */
  memberOf(contactId: string): Promise<Member>;
  managerToken?: string;
  /** Stops the service (gracefully) and starts a new one on the same database and clock, as a redeploy would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Store-time start of the test clock; frozen so tests move it explicitly. */
  now?: string;
  env?: Record<string, string>;
  seed?: boolean;
  /** Start the cron schedules (off by default: tests run jobs explicitly). */
  schedules?: boolean;
}

/** Boots the whole service on a fresh database with the mock puppet, as `npm start` does. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: db.dataDir,
    DATA_KEY: TEST_DATA_KEY,
    LOG_LEVEL: 'info',
    CHAT_RESTART_MIN_MS: '20',
    CHAT_RESTART_MAX_MS: '200',
    // supertest plays the proxy: tests name each client by X-Forwarded-For (rate-limits.test.ts covers 0).
    TRUST_PROXY_HOPS: '1',
    ...opts.env,
  });
  const clock = new AdjustableClock();
  clock.set(new Date(opts.now ?? '2026-11-22T10:00:00+08:00'), { freeze: true });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger(config.LOG_LEVEL, sink);
  const boot = async (): Promise<Laoke> => {
    const instance = await createLaoke(config, { clock, log });
    return instance;
  };
  const laoke = await boot();
  let managerToken: string | undefined;
  if (opts.seed !== false) {
    managerToken = (await seedDemoStore(laoke.ds, laoke.services)).managerToken;
  }
  const go = async (instance: Laoke) => {
    await instance.start({ schedules: opts.schedules ?? false });
    await waitFor(() => instance.channel.isOnline(), 5000);
  };
  await go(laoke);
  const h: Harness = {
    laoke,
    clock,
    world: laoke.world!,
    chat: new ChatSimulator(laoke.world!, laoke.handler),
    http: request(laoke.app.callback()),
    logLines,
    db,
    sentTo: async (contactId: string) =>
      (await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId, direction: 'out' }, order: { id: 'ASC' } })).map((m) => m.text ?? ''),
    say: async (from, text) => (await h.chat.say(from, text)).replies,
    async memberOf(contactId: string) {
      const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId });
      return h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
    },
    managerToken,
    async restart() {
      await h.laoke.stop();
      const next = await boot();
      await go(next);
      h.laoke = next;
      h.world = next.world!;
      h.chat = new ChatSimulator(next.world!, next.handler);
      h.http = request(next.app.callback());
    },
    async close() {
      await h.laoke.stop();
      await db.drop();
    },
  };
  return h;
}

/**
 * Another instance of the service on the harness's database and clock, as a second server behind a load
 * balancer would be: HTTP only (its chat is not started). Stop it before `h.close()` drops the database.
 */
export async function bootSecondInstance(h: Harness): Promise<{ laoke: Laoke; http: ReturnType<typeof request> }> {
  const laoke = await createLaoke(h.laoke.config, { clock: h.clock, log: h.laoke.log });
  return { laoke, http: request(laoke.app.callback()) };
}

/** Polls a condition (for events the bot handles asynchronously, such as a re-login). */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000, stepMs = 10): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** The demo store's staff contacts (see src/db/demo-seed.ts). */
export const DEMO = {
  manager: { id: 'staff-wang', name: '王店长' },
  lili: { id: 'staff-lili', name: '李丽' },
  zhangmin: { id: 'staff-zhangmin', name: '张敏' },
  chen: { id: 'wx-chen', name: '陈姐' },
  liu: { id: 'wx-liu', name: '老刘' },
  zhao: { id: 'wx-zhao', name: '赵阿姨' },
};
