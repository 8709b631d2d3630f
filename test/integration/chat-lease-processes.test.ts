import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { In, type DataSource } from 'typeorm';
import { ChatAccountLease } from '../../src/chat';
import { loadConfig } from '../../src/config';
import { seedDemoStore } from '../../src/db/demo-seed';
import { createLaoke, type Laoke } from '../../src/laoke';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { OutboxStore } from '../../src/outbox/outbox-store';
import { storeDayKey } from '../../src/outbox/store-day';
import { createLogger } from '../../src/shared/logger';
import { TEST_DATA_KEY } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * Three real service processes (test/support/lease-instance.ts) on one database, the mock puppet, a
 * 3-second lease and pacing off. The holder of the store account is killed with SIGKILL twice: once in
 * the middle of a dispatch run of 300 greetings, once in the middle of an inbound conversation. Each
 * time another process takes the account within 60 seconds and goes on. The database then shows every
 * greeting sent exactly once — except at most the one row the killed process had in flight, which ends
 * `check` (interrupted mid-send: an assistant checks; it is never sent again) — and every inbound
 * message answered exactly once.
 */

const ROOT = join(__dirname, '..', '..');
const MEMBERS = 300;
const CONVERSATION = 24;
const LEASE_SECONDS = 3;

interface Instance {
  id: string;
  url: string;
  proc: ChildProcess;
  log: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Compiles the instance entry and what it imports once (no type check: `npm run typecheck` does that),
 * inside the repository so that node_modules resolves; three processes transpiling on their own
 * (ts-node) would take much longer to start.
 */
async function buildInstanceEntry(): Promise<string> {
  const out = join(ROOT, 'dist', `lease-processes-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const flags = ['--ignoreConfig', '--noCheck', '--skipLibCheck', '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop', '--resolveJsonModule'];
  const decorators = ['--experimentalDecorators', '--emitDecoratorMetadata', '--isolatedModules', '--ignoreDeprecations', '6.0', '--types', 'node'];
  await promisify(execFile)(process.execPath, [tsc, ...flags, ...decorators, '--rootDir', ROOT, '--outDir', out, join(ROOT, 'test', 'support', 'lease-instance.ts')], { cwd: ROOT });
  // What the service reads next to its code: the message templates and the simulator page.
  symlinkSync(join(ROOT, 'templates'), join(out, 'templates'));
  mkdirSync(join(out, 'src', 'dev'), { recursive: true });
  copyFileSync(join(ROOT, 'src', 'dev', 'simulator.html'), join(out, 'src', 'dev', 'simulator.html'));
  return out;
}

async function startInstance(build: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(build, 'test', 'support', 'lease-instance.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  proc.stderr!.on('data', (d) => log.push(String(d)));
  const id = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`instance did not start in 120 s: ${log.join('').slice(-2000)}`));
    }, 120_000);
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code}): ${log.join('').slice(-2000)}`));
    });
  });
  return { id, url: `http://127.0.0.1:${port}`, proc, log };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, stepMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

const post = async (url: string, body?: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('several service processes on one database, the holder killed (kill -9)', () => {
  let db: TestDatabase;
  let seedApp: Laoke;
  let ds: DataSource;
  let instances: Instance[] = [];
  let env: Record<string, string>;
  let build: string | null = null;
  const dead = new Set<string>();

  const lease = () => ds.getRepository(ChatAccountLease).findOneBy({ account: 'store' });
  const kill9 = (i: Instance) => {
    dead.add(i.id);
    i.proc.kill('SIGKILL');
  };
  /** Waits for a live instance, other than those killed, to hold the account with its bot online. */
  const newHolder = (): Promise<Instance> =>
    until(
      'a surviving instance holds the account, online',
      async () => {
        const row = await lease();
        if (!row?.holder || dead.has(row.holder) || row.chatState !== 'online') return null;
        return instances.find((i) => i.id === row.holder) ?? null;
      },
      60_000,
    );

  beforeAll(async () => {
    const building = buildInstanceEntry();
    building.catch(() => undefined);
    db = await createTestDatabase();
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATA_DIR: db.dataDir,
      DATA_KEY: TEST_DATA_KEY,
      LOG_LEVEL: 'warn',
      CHAT_LEASE_SECONDS: String(LEASE_SECONDS),
      CHAT_RESTART_MIN_MS: '20',
      CHAT_RESTART_MAX_MS: '200',
      OUTBOX_GAP_MIN_SECONDS: '0',
      OUTBOX_GAP_MAX_SECONDS: '0',
      OUTBOX_DAILY_LIMIT: '10000',
      OUTBOX_SENDING_STALE_SECONDS: '10',
      // Whenever the test runs, the store is not in its quiet hours.
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '00:00',
    };
    // Migrated and seeded once, here: the processes start on a ready database (as after a deploy).
    seedApp = await createLaoke(loadConfig(env), { log: createLogger('silent') });
    ds = seedApp.ds;
    await seedDemoStore(ds, seedApp.services);
    const now = new Date();
    const items = [];
    for (let i = 0; i < MEMBERS; i++) {
      const m = await seedApp.services.members.create({ nickname: `会员${i}`, name: `会员${i}`, source: 'seed' });
      await ds.getRepository(ChatIdentity).insert({ contactId: `wx-m${i}`, remark: m.code, memberId: m.id, displayName: `会员${i}`, createdAt: now, lastSeenAt: now });
      items.push({
        memberId: m.id,
        assistantId: m.assistantId,
        occasion: 'festival' as const,
        occasionDate: storeDayKey(now, seedApp.config.STORE_TIMEZONE),
        text: `会员${i}，节日快乐！`,
        dueAt: new Date(now.getTime() - 60_000),
      });
    }
    await new OutboxStore(ds, seedApp.clock).insertMany(items);
    build = await building;
    const starting = [startInstance(build, env), startInstance(build, env), startInstance(build, env)];
    // Kept even if one fails to start, so that afterAll ends the others.
    const started = await Promise.allSettled(starting);
    instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }, 300_000);

  afterAll(async () => {
    for (const i of instances) if (i.proc.exitCode === null && i.proc.signalCode === null) i.proc.kill('SIGKILL');
    await Promise.all(instances.map((i) => (i.proc.exitCode === null && i.proc.signalCode === null ? new Promise((r) => i.proc.once('exit', r)) : null)));
    await seedApp?.stop();
    await db?.drop();
    if (build) rmSync(build, { recursive: true, force: true });
  });

  it('greets every member exactly once across a kill -9 of the holder mid-dispatch; the survivor takes over within 60 s', async () => {
    const outbox = ds.getRepository(OutboxMessage);
    const first = await newHolder();
    // Exactly one process runs the bot: the others' health says their bot is stopped.
    for (const i of instances) {
      const health = (await (await fetch(`${i.url}/healthz`)).json()) as { chat: string; accounts: { holder: string }[] };
      expect(health.chat).toBe(i === first ? 'online' : 'stopped');
      expect(health.accounts[0].holder).toBe(first.id);
    }
    // The dispatch job on a non-holder sends nothing (each minute's cron run does the same on every process).
    const idle = instances.find((i) => i !== first)!;
    expect((await post(`${idle.url}/dev/jobs/outbox-dispatch/run`)).body.result).toMatchObject({ sent: 0 });

    const run = post(`${first.url}/dev/jobs/outbox-dispatch/run`).catch(() => null);
    await until('the holder has sent a third of the greetings', async () => (await outbox.countBy({ status: 'sent' })) >= MEMBERS / 3, 60_000, 5);
    const tokenBefore = (await lease())!.token;
    kill9(first);
    const killedAt = Date.now();
    await run;
    const sentBeforeKill = await outbox.countBy({ status: 'sent' });
    expect(sentBeforeKill).toBeLessThan(MEMBERS);

    const second = await newHolder();
    const takeoverMs = Date.now() - killedAt;
    console.log(`takeover after kill -9 (dispatch): ${takeoverMs} ms (lease ${LEASE_SECONDS} s)`);
    expect(takeoverMs).toBeLessThan(60_000);
    // The next fencing token (more than one step only if a starved process lost its lease on the way).
    expect((await lease())!.token).toBeGreaterThan(tokenBefore);

    // The survivor goes on; the row the dead process had in flight is left `sending` until it is stale,
    // then goes to `check` — never sent again.
    await until(
      'every greeting ended',
      async () => {
        await post(`${second.url}/dev/jobs/outbox-dispatch/run`);
        return (await outbox.countBy({ status: In(['queued', 'sending']) })) === 0;
      },
      60_000,
      1000,
    );
    const rows = await outbox.find();
    const sent = rows.filter((r) => r.status === 'sent');
    const check = rows.filter((r) => r.status === 'check');
    expect(sent.length + check.length).toBe(MEMBERS);
    expect(check.length).toBeLessThanOrEqual(1);
    for (const r of check) expect(r.reason).toBe('interrupted_mid_send');
    // Both processes sent (claim tokens name the claiming process).
    expect(new Set(sent.map((r) => r.claimedBy!.split(':')[0])).size).toBe(2);
    expect(sentBeforeKill).toBeGreaterThan(0);

    // From the message log: each member got the greeting once; the in-flight row's member at most once.
    const outs = await ds.getRepository(ChatMessage).find({ where: { direction: 'out', contactId: In(Array.from({ length: MEMBERS }, (_, i) => `wx-m${i}`)) } });
    const perContact = new Map<string, number>();
    for (const o of outs) if (o.text?.includes('节日快乐')) perContact.set(o.contactId, (perContact.get(o.contactId) ?? 0) + 1);
    const identities = await ds.getRepository(ChatIdentity).find();
    const contactOf = new Map(identities.map((i) => [i.memberId, i.contactId]));
    for (const r of sent) expect(perContact.get(contactOf.get(r.memberId)!)).toBe(1);
    for (const r of check) expect(perContact.get(contactOf.get(r.memberId)!) ?? 0).toBeLessThanOrEqual(1);
  }, 120_000);

  it('answers every inbound message exactly once across a kill -9 of the holder mid-conversation', async () => {
    const holder = await newHolder();
    const ids = Array.from({ length: CONVERSATION }, (_, i) => `lease-in-${i}`);
    const say = (i: Instance, n: number) => post(`${i.url}/dev/chat/messages`, { from: { id: `wx-m${n}`, name: `会员${n}` }, text: '你好', messageId: ids[n] });
    const answered: number[] = [];
    const half = CONVERSATION / 2;
    for (let n = 0; n < half; n++) {
      const res = await say(holder, n);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('handled');
      answered.push((res.body.replies as string[]).length);
    }
    // The next message reaches the holder, which is caught mid-answer (its puppet hangs on the reply)
    // and killed there: recorded, never answered.
    expect((await post(`${holder.url}/dev/chat/contacts/wx-m${half}/send-fault`, { fault: 'hang_before_delivery' })).status).toBe(200);
    const inFlight = say(holder, half).catch(() => null);
    await until('the holder recorded the next message', () => ds.getRepository(ChatMessage).existsBy({ externalId: ids[half] }), 10_000, 5);
    await new Promise((r) => setTimeout(r, 300));
    const heldUnder = (await lease())!.token;
    kill9(holder);
    const killedAt = Date.now();
    expect(await inFlight).toBeNull();
    expect(await ds.getRepository(ChatMessage).findOneByOrFail({ externalId: ids[half] })).toMatchObject({ handledBy: `${holder.id}#${heldUnder}`, handledAt: null });

    const next = await newHolder();
    const takeoverMs = Date.now() - killedAt;
    console.log(`takeover after kill -9 (conversation): ${takeoverMs} ms (lease ${LEASE_SECONDS} s)`);
    expect(takeoverMs).toBeLessThan(60_000);
    const nextToken = (await lease())!.token;
    expect(nextToken).toBeGreaterThan(heldUnder);

    // WeChat delivers again, after the new login, what was not answered; here every message, once more.
    const statuses: string[] = [];
    for (let n = 0; n < CONVERSATION; n++) {
      const res = await say(next, n);
      expect(res.status).toBe(200);
      statuses.push(String(res.body.status));
    }
    expect(statuses.slice(0, half)).toEqual(Array(half).fill('duplicate'));
    expect(statuses.slice(half)).toEqual(Array(CONVERSATION - half).fill('handled'));

    // From chat_message: each inbound message recorded once, finished, and answered once (same replies each).
    const repliesEach = answered[0];
    expect(repliesEach).toBeGreaterThan(0);
    expect(answered).toEqual(Array(half).fill(repliesEach));
    const messages = ds.getRepository(ChatMessage);
    for (let n = 0; n < CONVERSATION; n++) {
      const inbound = await messages.findBy({ externalId: ids[n] });
      expect(inbound).toHaveLength(1);
      expect(inbound[0].handledAt).not.toBeNull();
      // The festival greeting of the first test went to the same contacts: only the answers count here.
      const answers = (await messages.findBy({ contactId: `wx-m${n}`, direction: 'out' })).filter((m) => !m.text?.includes('节日快乐'));
      expect({ n, answers: answers.length }).toEqual({ n, answers: repliesEach });
    }
    // The message the killed holder had recorded but not answered was taken over by the new holder.
    expect((await messages.findOneByOrFail({ externalId: ids[half] })).handledBy).toBe(`${next.id}#${nextToken}`);
  }, 120_000);
});
