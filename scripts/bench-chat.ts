/**
 * `npm run bench:chat -- [--db both|sqlite|mariadb] [--members 400] [--count 6000] [--inflight 16] [--rounds 3]
 *                        [--messages 100000] [--log-level info] [--cpu-prof FILE]`
 *
 * Inbound text messages through the mock puppet (wechaty-puppet-mock, the dev world of src/dev/mock-chat.ts),
 * measured from outside: a message is injected into the mock as a contact's text, and its latency ends when
 * the reply to that contact appears in the mock. Three bots on the same mock puppet, in the same run and on
 * the same database:
 * - **echo**: a bare Wechaty bot that says each text back;
 * - **logged echo**: the same bot writing each message in and its reply out as `chat_message` rows (the
 *   durable floor every real bot pays);
 * - **laoke**: the whole service (identity, dialog, command, reply, message log) with onboarded members
 *   sending `资料`.
 * Load: `--count` messages with `--inflight` in flight (closed loop: K senders, each waiting for its reply
 * before the next message), spread over `--members` contacts so one contact never has two in flight. The
 * three bots take turns for `--rounds` rounds; the median round is reported. Then laoke's p99 at half the load,
 * and its RSS sampled over `--messages` messages (flat or not: mean of the first vs the last 10 % of samples).
 * Each database runs in a child process of its own: the SQLite file ./data/bench-chat.sqlite and the MariaDB
 * database `laoke_bench_chat` on 127.0.0.1:3306 (BENCH_MYSQL_URL to change), both dropped and made again.
 * `npm run bench:chat` compiles first (tsc --noCheck into dist/) and runs plain node.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { Wechaty, WechatyBuilder } from 'wechaty';
import * as PUPPET from 'wechaty-puppet';
import { loadConfig } from '../src/config';
import { seedDemoStore } from '../src/db/demo-seed';
import { ChatSimulator } from '../src/dev/chat-simulator';
import { MockChatWorld } from '../src/dev/mock-chat';
import { createLaoke, type Laoke } from '../src/laoke';
import { ChatMessage } from '../src/members/chat-message.entity';
import { AdjustableClock } from '../src/shared/clock';
import { createLogger } from '../src/shared/logger';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const MEMBERS = Number(arg('members', '400'));
const COUNT = Number(arg('count', '6000'));
const INFLIGHT = Number(arg('inflight', '16'));
const ROUNDS = Math.max(1, Number(arg('rounds', '3')));
const SOAK = Number(arg('messages', '100000'));
const LOG_LEVEL = arg('log-level', 'info');
/** `--cpu-prof FILE`: a CPU profile of laoke's timed rounds alone (open it in Chrome DevTools). */
const CPU_PROF = arg('cpu-prof', '');
const SQLITE_FILE = './data/bench-chat.sqlite';
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/laoke_bench_chat';
const DATA_KEY = Buffer.alloc(32, 9).toString('base64');

const progress = (s: string) => process.stderr.write(`${s}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

interface Contact {
  id: string;
  name: string;
}

interface LoadResult {
  messages: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * Closed-loop load on one mock world: `inflight` senders, sender i using contacts i, i+K, i+2K …, each
 * injecting a text and waiting for the first reply to that contact before its next message. `onSample`
 * is called every `sampleEvery` messages (memory sampling).
 */
async function drive(
  world: MockChatWorld,
  contacts: Contact[],
  text: string,
  count: number,
  inflight: number,
  sample?: { every: number; onSample: () => void },
): Promise<LoadResult> {
  const waiting = new Map<string, () => void>();
  const store = world.storeContactId;
  const cache = world.mocker.cacheMessagePayload;
  // The mock keeps every message it ever saw, as a payload and as a MockMessage in its pool; a benchmark of
  // 100,000 messages must not measure that. A message is forgotten a while after it was seen (the bot still
  // loads its own replies as they echo back).
  const pool = (world.mocker.MessageMock as unknown as { pool: Map<string, unknown> }).pool;
  const seen: string[] = [];
  const forget = (id: string) => {
    seen.push(id);
    if (seen.length > 8192) {
      for (const old of seen.splice(0, 4096)) {
        cache.delete(old);
        pool.delete(old);
      }
    }
  };
  for (const c of contacts) world.ensureContact(c);
  const listeners = contacts.map((c) => {
    const mockContact = world.mocker.ContactMock.load(c.id);
    const listener = (m: { payload: PUPPET.payloads.Message }) => {
      if (m.payload.talkerId !== store) return;
      forget(m.payload.id);
      const done = waiting.get(c.id);
      if (done) {
        waiting.delete(c.id);
        done();
      }
    };
    mockContact.on('message', listener as never);
    return () => mockContact.off('message', listener as never);
  });
  const latencies = new Float64Array(count);
  let next = 0;
  const t0 = process.hrtime.bigint();
  const sender = async (i: number) => {
    let turn = 0;
    for (;;) {
      const n = next++;
      if (n >= count) return;
      const stride = Math.max(1, Math.floor(contacts.length / inflight));
      const contact = contacts[(i + inflight * (turn++ % stride)) % contacts.length];
      const replied = new Promise<void>((resolve) => waiting.set(contact.id, resolve));
      const start = process.hrtime.bigint();
      const id = world.sendText(contact, text);
      await replied;
      forget(id);
      latencies[n] = Number(process.hrtime.bigint() - start) / 1e6;
      if (sample && n % sample.every === 0) sample.onSample();
    }
  };
  await Promise.all(Array.from({ length: inflight }, (_, i) => sender(i)));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const off of listeners) off();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return { messages: count, seconds, rate: count / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  if (!CPU_PROF) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${CPU_PROF}.${label}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

/** A bare Wechaty bot on a mock world of its own that says each text back, optionally logging both. */
async function startEcho(clock: AdjustableClock, ds: DataSource | null): Promise<{ world: MockChatWorld; bot: Wechaty }> {
  const world = new MockChatWorld(clock);
  const bot = WechatyBuilder.build({ puppet: world.puppet as never });
  const log = ds?.getRepository(ChatMessage);
  bot.on('message', async (message) => {
    if (message.self()) return;
    const talker = message.talker();
    const text = message.text();
    try {
      await log?.insert({ direction: 'in', contactId: talker.id, memberId: null, staffId: null, externalId: message.id, kind: 'text', text, createdAt: clock.now() });
      await talker.say(text);
      await log?.insert({ direction: 'out', contactId: talker.id, memberId: null, staffId: null, externalId: null, kind: 'text', text, createdAt: clock.now() });
    } catch (err) {
      progress(`echo failed: ${(err as Error).message}`);
    }
  });
  await bot.start();
  world.afterStart();
  while (!bot.isLoggedIn) await new Promise((r) => setTimeout(r, 10));
  return { world, bot };
}

async function prepareDatabase(db: 'sqlite' | 'mariadb'): Promise<string> {
  if (db === 'mariadb') {
    const { createConnection } = await import('mysql2/promise');
    const server = new URL(MYSQL_URL);
    const name = server.pathname.slice(1);
    const conn = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: server.username || 'root', password: server.password || undefined });
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    return MYSQL_URL;
  }
  mkdirSync('./data', { recursive: true });
  for (const f of [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`]) if (existsSync(f)) rmSync(f, { force: true });
  return `sqlite:${SQLITE_FILE}`;
}

/** Names without digits (the onboarding dialog refuses them): 会员 + letters from the index. */
const nameOf = (i: number) => `会员${Array.from(i.toString(26)).map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`;

/** Each member onboards in chat as a real one would: hello, consent, name, phone. */
async function onboard(laoke: Laoke, contacts: Contact[], workers: number): Promise<void> {
  const sim = new ChatSimulator(laoke.world!, laoke.handler, 60_000);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= contacts.length) return;
      const c = contacts[i];
      const steps = ['你好', '1', c.name, `139${String(10_000_000 + i).slice(-8)}`];
      for (const text of steps) {
        const e = await sim.say(c, text);
        if (e.replies.length === 0) throw new Error(`onboarding of ${c.id} got no reply to step ${steps.indexOf(text)} (${e.status})`);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * The compiled service reads its templates and the dev simulator page next to dist/src, where tsc does not
 * copy them: link them to the sources' own (nothing to do under ts-node).
 */
function linkAssetsForCompiledRun(): void {
  const links: [string, string, 'dir' | 'file'][] = [
    [join(__dirname, '..', 'templates'), resolve(__dirname, '..', '..', 'templates'), 'dir'],
    [join(__dirname, '..', 'src', 'dev', 'simulator.html'), resolve(__dirname, '..', '..', 'src', 'dev', 'simulator.html'), 'file'],
  ];
  for (const [wanted, source] of links) if (!existsSync(wanted) && existsSync(source)) symlinkSync(source, wanted);
}

async function runOne(db: 'sqlite' | 'mariadb'): Promise<void> {
  linkAssetsForCompiledRun();
  const url = await prepareDatabase(db);
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: url, DATA_KEY, LOG_LEVEL, WECHATY_PUPPET: 'wechaty-puppet-mock' });
  const clock = new AdjustableClock();
  // The service logs as it would in production (one line a message at info), into a sink that drops it.
  const sink = process.env.BENCH_CHAT_LOG ? process.stderr : new Writable({ write: (_chunk, _enc, cb) => cb() });
  const laoke = await createLaoke(config, { clock, log: createLogger(LOG_LEVEL, sink) });
  await seedDemoStore(laoke.ds, laoke.services);
  await laoke.start({ schedules: false });
  while (!laoke.channel.isOnline()) await new Promise((r) => setTimeout(r, 10));

  const contacts: Contact[] = Array.from({ length: MEMBERS }, (_, i) => ({ id: `wx-bench-${i}`, name: nameOf(i) }));
  const t0 = Date.now();
  // One at a time on SQLite: TypeORM's better-sqlite3 driver shares one connection, and two new members'
  // transactions at once fail there ("cannot start a transaction within a transaction"; see the README).
  await onboard(laoke, contacts, db === 'sqlite' ? 1 : 8);
  progress(`${db}: ${MEMBERS} members onboarded in chat in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const echo = await startEcho(clock, null);
  const logged = await startEcho(clock, laoke.ds);
  // Warm-up, untimed: every bot and the database caches.
  await drive(echo.world, contacts, '资料', 1000, INFLIGHT);
  await drive(logged.world, contacts, '资料', 1000, INFLIGHT);
  await drive(laoke.world!, contacts, '资料', 1000, INFLIGHT);

  const rounds: { echo: LoadResult; logged: LoadResult; laoke: LoadResult }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const e = await drive(echo.world, contacts, '资料', COUNT, INFLIGHT);
    const l = await drive(logged.world, contacts, '资料', COUNT, INFLIGHT);
    const p = await profiled(`${db}-round${r + 1}`, () => drive(laoke.world!, contacts, '资料', COUNT, INFLIGHT));
    rounds.push({ echo: e, logged: l, laoke: p });
    progress(`${db}: round ${r + 1}: echo ${e.rate.toFixed(0)}/s, logged echo ${l.rate.toFixed(0)}/s, laoke ${p.rate.toFixed(0)}/s (p99 ${p.p99.toFixed(1)} ms)`);
  }
  const median = (pick: (x: (typeof rounds)[number]) => LoadResult) => [...rounds].map(pick).sort((a, b) => a.rate - b.rate)[Math.floor(rounds.length / 2)];
  const echoR = median((x) => x.echo);
  const loggedR = median((x) => x.logged);
  const laokeR = median((x) => x.laoke);
  const half = Math.max(1, Math.floor(INFLIGHT / 2));
  const halfR = await drive(laoke.world!, contacts, '资料', COUNT, half);
  await echo.bot.stop();
  await logged.bot.stop();

  // Memory: RSS sampled while laoke answers SOAK messages.
  const samples: number[] = [];
  const every = Math.max(1, Math.floor(SOAK / 200));
  const soak = await drive(laoke.world!, contacts, '资料', SOAK, INFLIGHT, { every, onSample: () => samples.push(process.memoryUsage().rss) });
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(samples.slice(0, tenth));
  const last = mean(samples.slice(-tenth));
  const growth = (last - first) / first;
  const answered = Number(((await laoke.ds.query(`SELECT COUNT(*) AS n FROM chat_message WHERE direction = 'out'`)) as { n: number | string }[])[0].n);
  await laoke.stop();

  const fmt = (r: LoadResult) => ({ rate: Math.round(r.rate), p50: Number(r.p50.toFixed(1)), p99: Number(r.p99.toFixed(1)) });
  console.log(
    JSON.stringify({
      db,
      members: MEMBERS,
      messagesPerRound: COUNT,
      inflight: INFLIGHT,
      echo: fmt(echoR),
      loggedEcho: fmt(loggedR),
      laoke: fmt(laokeR),
      laokeVsEcho: `${((100 * laokeR.rate) / echoR.rate).toFixed(0)} %`,
      laokeVsLoggedEcho: `${((100 * laokeR.rate) / loggedR.rate).toFixed(0)} %`,
      halfLoad: { inflight: half, ...fmt(halfR) },
      memory: {
        messages: SOAK,
        rate: Math.round(soak.rate),
        p99: Number(soak.p99.toFixed(1)),
        rssFirstTenthMb: mb(first),
        rssLastTenthMb: mb(last),
        rssMaxMb: mb(Math.max(...samples)),
        growth: `${(100 * growth).toFixed(1)} %`,
        flat: growth < 0.1,
      },
      repliesLogged: answered,
    }),
  );
}

async function main(): Promise<void> {
  const child = arg('child', '');
  if (child === 'sqlite' || child === 'mariadb') return runOne(child);
  const which = arg('db', 'both');
  const dbs = which === 'both' ? (['sqlite', 'mariadb'] as const) : ([which] as const);
  progress(`bench:chat — ${MEMBERS} members, ${COUNT} messages a round × ${ROUNDS}, ${INFLIGHT} in flight, memory over ${SOAK} messages, log level ${LOG_LEVEL}`);
  for (const db of dbs) {
    const res = spawnSync(process.execPath, [__filename, ...args, '--child', db], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    const line = res.stdout.trim().split('\n').pop() ?? '';
    if (res.status !== 0 || !line.startsWith('{')) {
      console.error(`${db}: failed (exit ${res.status})\n${res.stdout}`);
      process.exitCode = 1;
      continue;
    }
    console.log(JSON.stringify(JSON.parse(line), null, 2));
  }
}

main().then(
  () => {
    // Wechaty and the pools leave timers behind; the figures are printed.
    if (arg('child', '')) process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
