/**
 * `npm run bench:dispatch`: outbox delivery with one dispatcher against two in parallel, on one database.
 *
 * On a database of its own (MariaDB/MySQL, then SQLite in a temp folder) it creates BENCH_MESSAGES members
 * with a chat contact (default 2,000), and for each round queues one message per member, due now, with
 * pacing off (no gap, a daily ceiling above the batch). Each dispatcher is a child process — an instance
 * of its own, with its own DataSource — running the real OutboxDispatcher (claim, rules, throttle, the
 * notifier's outbound log) over a fake chat channel that sends at once. A round starts the dispatchers
 * together and ends when all are idle; messages/second is the batch over the wall time. Rounds run in
 * cycles of one, two, two, one (after a warm-up), so a change in the machine's load weighs on both alike,
 * and the table gives the median of each. Every round checks that each member got exactly one message
 * and every row ended `sent`; each line also shows the dispatchers' CPU time per message and, on MySQL,
 * the server's row lock waits during the round (contention between the dispatchers).
 *
 * Environment: BENCH_MESSAGES, BENCH_CYCLES (default 2), BENCH_DB (`mysql`, `sqlite`, or both by
 * default), BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/laoke_bench_dispatch; dropped and
 * recreated).
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../src/config';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const WARMUP = Math.min(200, MESSAGES);
const CYCLES = Math.max(1, Number(process.env.BENCH_CYCLES ?? 2));
const MYSQL_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/laoke_bench_dispatch';
const NOW = new Date('2026-11-23T10:00:00+08:00');
const DATA_KEY = Buffer.alloc(32, 9).toString('base64');

type Go = { type: 'go' };
type Done = { type: 'done'; sent: number; other: number; contacts: string[]; cpuMs: number };

async function benchConfig(databaseUrl: string): Promise<Readonly<Config>> {
  const { loadConfig } = await import('../src/config');
  return loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATA_KEY,
    DATA_DIR: join(tmpdir(), 'laoke-bench-dispatch-data'),
    LOG_LEVEL: 'warn',
    OUTBOX_GAP_MIN_SECONDS: '0',
    OUTBOX_GAP_MAX_SECONDS: '0',
    OUTBOX_DAILY_LIMIT: '100000',
  });
}

// ---------------------------------------------------------------- child: one dispatcher instance
async function dispatcherProcess(databaseUrl: string): Promise<void> {
  const { createDataSource } = await import('../src/db/data-source');
  const { OutboxDispatcher } = await import('../src/outbox/dispatcher');
  const { deliverySettings } = await import('../src/outbox/outbox-rules');
  const { StaffService } = await import('../src/staff/staff.service');
  const { DialogEngine } = await import('../src/chat/dialog-engine');
  const { ChannelChatNotifier } = await import('../src/chat/chat-notifier');
  const { TemplateLibrary } = await import('../src/shared/templates');
  const { AdjustableClock } = await import('../src/shared/clock');
  const { createLogger } = await import('../src/shared/logger');
  const { TEMPLATES_DIR } = await import('../src/laoke');
  type ChatChannel = import('../src/chat/ports').ChatChannel;
  type AnyChatContext = import('../src/chat').AnyChatContext;

  const config = await benchConfig(databaseUrl);
  const ds = createDataSource(config.db);
  await ds.initialize();
  const clock = new AdjustableClock();
  clock.set(NOW, { freeze: true });
  const log = createLogger('warn');
  let contacts: string[] = [];
  // The fake WeChat: every send succeeds at once, and is counted per contact to find duplicates.
  const channel: ChatChannel = {
    state: () => 'online',
    isOnline: () => true,
    sendText: async (contactId) => void contacts.push(contactId),
    sendRoomText: async () => undefined,
    setRemark: async () => undefined,
  };
  const dispatcher = new OutboxDispatcher({
    ds,
    clock,
    log,
    notifier: new ChannelChatNotifier(ds, { ids: () => ['store'], channel: () => channel }, clock, log),
    templates: new TemplateLibrary(TEMPLATES_DIR),
    staff: new StaffService(ds, clock),
    dialogs: new DialogEngine<AnyChatContext>(ds, clock, config.DIALOG_TTL_MINUTES),
    settings: deliverySettings(config),
  });
  process.on('message', (m: Go | { type: 'exit' }) => {
    if (m.type === 'exit') {
      void ds.destroy().then(() => process.exit(0));
      return;
    }
    void (async () => {
      contacts = [];
      const cpu = process.cpuUsage();
      let sent = 0;
      let other = 0;
      for (;;) {
        const r = await dispatcher.run();
        sent += r.sent;
        other += r.skipped + r.failed + r.check;
        if (r.stoppedBy === 'idle') break;
        if (r.stoppedBy !== 'throttled') throw new Error(`dispatcher stopped by ${r.stoppedBy}`);
      }
      const used = process.cpuUsage(cpu);
      const done: Done = { type: 'done', sent, other, contacts, cpuMs: (used.user + used.system) / 1000 };
      process.send!(done);
    })().catch((err: unknown) => {
      process.stderr.write(`dispatcher failed: ${(err as Error).stack}\n`);
      process.exit(1);
    });
  });
  process.send!({ type: 'ready' });
}

// ---------------------------------------------------------------- parent: data, rounds, checks
async function prepare(databaseUrl: string): Promise<DataSource> {
  const { createDataSource } = await import('../src/db/data-source');
  const { Member } = await import('../src/members/member.entity');
  const { ChatIdentity } = await import('../src/members/chat-identity.entity');
  const { memberCodeFor } = await import('../src/members/member.service');
  const config = await benchConfig(databaseUrl);
  const ds = createDataSource(config.db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  for (let first = 1; first <= MESSAGES; first += 500) {
    const ids = Array.from({ length: Math.min(500, MESSAGES - first + 1) }, (_, i) => first + i);
    await ds.getRepository(Member).insert(ids.map((id) => ({ id, code: memberCodeFor(id), name: `会员${id}`, nickname: `昵称${id}`, source: 'staff' as const, createdAt: NOW, updatedAt: NOW })));
    await ds.getRepository(ChatIdentity).insert(ids.map((id) => ({ contactId: `wx-bench-${id}`, remark: memberCodeFor(id), memberId: id, displayName: `昵称${id}`, createdAt: NOW, lastSeenAt: NOW })));
  }
  return ds;
}

/**
 * A fresh batch: one due message per member for today's occasions (the previous round's rows and log are
 * cleared first). Occasions of an earlier day would be skipped or rewritten as late, not sent.
 */
async function queueBatch(ds: DataSource, count: number): Promise<void> {
  const { OutboxStore } = await import('../src/outbox/outbox-store');
  const { AdjustableClock } = await import('../src/shared/clock');
  for (const table of ['outbox_message', 'outbox_sender', 'chat_message']) await ds.query(`DELETE FROM ${table}`);
  const clock = new AdjustableClock();
  clock.set(NOW, { freeze: true });
  const occasions = ['birthday', 'festival', 'season', 'long_time_no_see'] as const;
  await new OutboxStore(ds, clock).insertMany(
    Array.from({ length: count }, (_, i) => ({
      memberId: i + 1,
      assistantId: null,
      occasion: occasions[i % occasions.length],
      occasionDate: '2026-11-23',
      text: `会员${i + 1}，天冷了，注意保暖。`,
      dueAt: new Date(NOW.getTime() - (i % 600) * 1000),
    })),
  );
}

function startDispatcher(databaseUrl: string): Promise<ChildProcess> {
  const child = fork(__filename, ['--dispatcher', databaseUrl], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`dispatcher exited with ${code}`)));
  });
}

async function round(ds: DataSource, children: ChildProcess[], count: number, n: number): Promise<{ rate: number; cpuMs: number; lockWaits: { waits: number; ms: number } | null }> {
  await queueBatch(ds, count);
  const locksBefore = await rowLockWaits(ds);
  const started = process.hrtime.bigint();
  const results = await Promise.all(
    children.map(
      (c) =>
        new Promise<Done>((resolve) => {
          c.once('message', (m: Done) => resolve(m));
          c.send({ type: 'go' } satisfies Go);
        }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // No duplicate: every member got exactly one message, every row ended sent, each dispatcher did some.
  const perContact = new Map<string, number>();
  for (const id of results.flatMap((r) => r.contacts)) perContact.set(id, (perContact.get(id) ?? 0) + 1);
  const twice = [...perContact.values()].filter((k) => k > 1).length;
  const sentRows = Number((await ds.query(`SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'sent'`))[0].n);
  const sent = results.reduce((s, r) => s + r.sent, 0);
  if (twice || perContact.size !== count || sentRows !== count || sent !== count || results.some((r) => r.other)) {
    throw new Error(`round ${n}: ${sent} sent, ${perContact.size} members reached, ${twice} twice, ${sentRows} rows sent, of ${count}`);
  }
  if (children.length > 1 && results.some((r) => r.sent === 0)) throw new Error(`round ${n}: a dispatcher sent nothing (${results.map((r) => r.sent).join(' / ')})`);
  const locksAfter = await rowLockWaits(ds);
  return {
    rate: count / seconds,
    cpuMs: results.reduce((s, r) => s + r.cpuMs, 0) / count,
    lockWaits: locksBefore && locksAfter ? { waits: locksAfter.waits - locksBefore.waits, ms: locksAfter.ms - locksBefore.ms } : null,
  };
}

/** MySQL's server-wide row lock waits so far (count, total ms): the contention between dispatchers. */
async function rowLockWaits(ds: DataSource): Promise<{ waits: number; ms: number } | null> {
  if (ds.options.type !== 'mysql' && ds.options.type !== 'mariadb') return null;
  const rows: { Variable_name: string; Value: string }[] = await ds.query(`SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_row_lock_waits', 'Innodb_row_lock_time')`);
  const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
  return { waits: value('Innodb_row_lock_waits'), ms: value('Innodb_row_lock_time') };
}

async function benchDatabase(label: string, databaseUrl: string): Promise<{ one: number; two: number }> {
  const ds = await prepare(databaseUrl);
  const children = [await startDispatcher(databaseUrl), await startDispatcher(databaseUrl)];
  try {
    await round(ds, children, WARMUP, 0);
    const rates: Record<'one' | 'two', number[]> = { one: [], two: [] };
    let n = 1;
    const order = Array.from({ length: CYCLES }, () => ['one', 'two', 'two', 'one'] as const).flat();
    for (const kind of order) {
      const { rate, cpuMs, lockWaits } = await round(ds, kind === 'one' ? children.slice(0, 1) : children, MESSAGES, n++);
      rates[kind].push(rate);
      const locks = lockWaits ? `, ${lockWaits.waits} row lock waits (${lockWaits.ms} ms)` : '';
      process.stderr.write(`${label}: ${kind === 'one' ? 'one dispatcher ' : 'two dispatchers'} ${rate.toFixed(0)} messages/s (dispatcher CPU ${cpuMs.toFixed(1)} ms a message${locks})\n`);
    }
    return { one: median(rates.one), two: median(rates.two) };
  } finally {
    for (const c of children) c.send({ type: 'exit' });
    await ds.destroy();
  }
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const which = process.env.BENCH_DB;
  const results: { label: string; one: number; two: number }[] = [];
  if (!which || which === 'mysql') {
    const { createConnection } = await import('mysql2/promise');
    const url = new URL(MYSQL_URL.replace(/^mariadb:/, 'mysql:'));
    const name = url.pathname.replace(/^\//, '');
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error('BENCH_DATABASE_URL: database name must be [A-Za-z0-9_]');
    const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    try {
      const [[version]] = (await admin.query('SELECT VERSION() AS v')) as unknown as [{ v: string }[]];
      results.push({ label: `MariaDB/MySQL ${version.v}`, ...(await benchDatabase('mysql', url.toString())) });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    }
  }
  if (!which || which === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'laoke-bench-dispatch-'));
    try {
      results.push({ label: 'SQLite (better-sqlite3, WAL)', ...(await benchDatabase('sqlite', `sqlite:${join(dir, 'bench.sqlite')}`)) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\n${MESSAGES} messages per round, ${CYCLES * 2} rounds of each, medians; pacing off, instant fake channel; no duplicate in any round\n`);
  console.log('| database | one dispatcher | two dispatchers | ratio |');
  console.log('|---|---|---|---|');
  for (const r of results) console.log(`| ${r.label} | ${r.one.toFixed(0)} msg/s | ${r.two.toFixed(0)} msg/s | ${(r.two / r.one).toFixed(2)}× |`);
}

if (process.argv[2] === '--dispatcher') {
  void dispatcherProcess(process.argv[3]);
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
