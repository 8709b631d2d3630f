/**
 * `npm run bench:console`: the staff console's two heaviest reads on a large store, against plain SQL.
 *
 * Builds a store of BENCH_MEMBERS members (200,000) and BENCH_PURCHASES purchases (2,000,000), with
 * proactive messages, complaints, survey answers and members lost (removed the account) to match, in a database of its own:
 * BENCH_DATABASE_URL (default sqlite:./data/bench-console.sqlite; a mysql://…/db is dropped and recreated),
 * reused as it is when BENCH_REUSE=1. Then, one request at a time after a warm-up, BENCH_ROUNDS (60) times
 * each, it times through HTTP (the whole service: auth, audit row, JSON):
 *   - GET /admin/dashboard/summary for a manager (today + every chart) and for an assistant (today only);
 *   - GET /admin/members (first page, newest first) for a manager and an assistant;
 * and, in the same run, plain SQL for the same figures straight through the driver (the dashboard's
 * counts grouped by a day expression of the database, the member page and its capped count).
 * Then the retention report of 12 weeks (manager and assistant) and its plain SQL, BENCH_REPORT_ROUNDS (10) times.
 * Prints p50, p95 and max per run; the target is a p95 under 300 ms for the dashboard and the member list.
 */
import 'reflect-metadata';
import { existsSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import type { DataSource, EntityManager } from 'typeorm';
import { loadConfig } from '../src/config';
import { dbKind } from '../src/db/sql-dialect';
import { createLaoke } from '../src/laoke';
import { createLogger } from '../src/shared/logger';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 200_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 2_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'sqlite:./data/bench-console.sqlite';
const REUSE = process.env.BENCH_REUSE === '1';
const ASSISTANTS = 10;
const DAY = 86_400_000;
const NOW = new Date('2026-11-22T02:00:00Z'); // 10:00 in the store (Asia/Shanghai)
/** The retention report's twelve weeks: Monday 2026-08-31 (store time) to today. */
const RETENTION_FROM = new Date('2026-08-30T16:00:00Z');
const REPORT_ROUNDS = Number(process.env.BENCH_REPORT_ROUNDS ?? 10);

type Row = (string | number | boolean | Date | null)[];

/** Multi-row INSERTs straight through the driver (TypeORM's insert is too slow for millions of rows). */
async function insertRows(ds: DataSource | EntityManager, table: string, columns: string[], rows: Row[]): Promise<void> {
  const conn: DataSource = 'driver' in ds ? ds : ds.connection;
  const sqlite = dbKind(conn) === 'sqlite';
  const q = (n: string) => conn.driver.escape(n);
  const value = (v: Row[number]) => (v instanceof Date && sqlite ? v.toISOString().replace('T', ' ').replace('Z', '') : typeof v === 'boolean' ? (v ? 1 : 0) : v);
  const perStatement = Math.floor(20_000 / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const sql = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
    await ds.query(sql, chunk.flatMap((r) => r.map(value)));
  }
}

/** A deterministic pseudo-random sequence, so two runs build the same store. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function prepareDatabase(): Promise<void> {
  if (REUSE) return;
  if (DB_URL.startsWith('sqlite:')) {
    const file = DB_URL.slice('sqlite:'.length);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f);
    return;
  }
  const { createConnection } = await import('mysql2/promise');
  const url = new URL(DB_URL.replace(/^mariadb:/, 'mysql:'));
  const name = url.pathname.replace(/^\//, '');
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error('BENCH_DATABASE_URL: database name must be [A-Za-z0-9_]');
  const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
}

async function buildStore(ds: DataSource, assistantIds: number[]): Promise<void> {
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const ago = (days: number) => new Date(NOW.getTime() - rnd() * days * DAY);
  const t0 = Date.now();
  const tiers = ['none', 'none', 'none', 'none', 'none', 'silver', 'silver', 'gold', 'gold', 'diamond'];
  const members: Row[] = [];
  const losses: Row[] = [];
  for (let id = 1; id <= MEMBERS; id++) {
    const lastPurchase = rnd() < 0.9 ? ago(400) : null;
    const optedOut = rnd() < 0.03;
    let lifecycle = !lastPurchase ? 'prospect' : NOW.getTime() - lastPurchase.getTime() > 90 * DAY ? 'dormant' : pick(['new', 'regular', 'regular', 'loyal']);
    // About 3 % removed the store account in the last year; a third of them added it again.
    if (rnd() < 0.03) {
      const lostAt = ago(365);
      const returnedAt = rnd() < 0.33 ? new Date(lostAt.getTime() + rnd() * (NOW.getTime() - lostAt.getTime())) : null;
      losses.push([id, assistantIds[id % assistantIds.length], lifecycle, lostAt, returnedAt]);
      if (!returnedAt) lifecycle = 'lost';
    }
    members.push([id, `M${String(id).padStart(6, '0')}`, `会员${id}`, `昵称${id}`, assistantIds[id % assistantIds.length], pick(tiers), lifecycle, 'staff', optedOut, optedOut ? ago(365) : null, rnd() < 0.8 ? ago(200) : null, lastPurchase, ago(1095), NOW]);
  }
  await ds.transaction(async (em) => insertRows(em, 'member', ['id', 'code', 'name', 'nickname', 'assistantId', 'tier', 'lifecycle', 'source', 'optedOut', 'optedOutAt', 'lastContactAt', 'lastPurchaseAt', 'createdAt', 'updatedAt'], members));
  await insertRows(ds, 'member_loss', ['memberId', 'assistantId', 'lifecycleBefore', 'lostAt', 'returnedAt'], losses);
  process.stderr.write(`members: ${MEMBERS} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

  const t1 = Date.now();
  const purchaseColumns = ['memberId', 'purchasedAt', 'items', 'category', 'quantity', 'amountFen', 'store', 'assistantId', 'idempotencyKey', 'source', 'isFirstPurchase', 'createdAt'];
  for (let start = 0; start < PURCHASES; start += 100_000) {
    const batch: Row[] = [];
    for (let i = start; i < Math.min(PURCHASES, start + 100_000); i++) {
      const memberId = 1 + Math.floor(rnd() * MEMBERS);
      batch.push([memberId, ago(1095), pick(['羊毛大衣', '围巾', '连衣裙', '衬衫', '皮鞋']), pick(['外套', '配饰', '裙装']), 1, 10_000 + Math.floor(rnd() * 200_000), '南京路店', assistantIds[memberId % assistantIds.length], `bench-${i}`, 'seed', false, NOW]);
    }
    await ds.transaction(async (em) => insertRows(em, 'purchase', purchaseColumns, batch));
  }
  process.stderr.write(`purchases: ${PURCHASES} in ${((Date.now() - t1) / 1000).toFixed(1)} s\n`);

  // A year of proactive messages (about 1.5 a member), complaints, survey answers and today's drafts.
  const outbox: Row[] = [];
  const occasions = ['birthday', 'festival', 'season', 'post_purchase', 'long_time_no_see'];
  for (let i = 0; i < Math.floor(MEMBERS * 1.5); i++) {
    const memberId = 1 + Math.floor(rnd() * MEMBERS);
    const due = ago(365);
    const r = rnd();
    const status = r < 0.85 ? 'sent' : r < 0.97 ? 'skipped' : 'failed';
    const reason = status === 'skipped' ? pick(['opted_out', 'open_complaint', 'frequency_cap', 'expired']) : status === 'failed' ? 'not_delivered' : null;
    outbox.push([`bench-${i}`, memberId, assistantIds[memberId % assistantIds.length], pick(occasions), due.toISOString().slice(0, 10), 3, '您好', status, false, due, 1, reason, status === 'sent' ? new Date(due.getTime() + 60_000) : null, due, due]);
  }
  for (let i = 0; i < 300; i++) {
    const memberId = 1 + Math.floor(rnd() * MEMBERS);
    outbox.push([`bench-draft-${i}`, memberId, assistantIds[memberId % assistantIds.length], 'birthday', '2026-11-22', 1, '生日快乐', 'draft', true, new Date(NOW.getTime() + 3_600_000), 0, null, null, NOW, NOW]);
  }
  await ds.transaction(async (em) =>
    insertRows(em, 'outbox_message', ['idempotencyKey', 'memberId', 'assistantId', 'occasion', 'occasionDate', 'priority', 'text', 'status', 'needsApproval', 'dueAt', 'attempts', 'reason', 'sentAt', 'createdAt', 'updatedAt'], outbox),
  );
  const complaints: Row[] = [];
  for (let i = 0; i < 5_000; i++) {
    const memberId = 1 + Math.floor(rnd() * MEMBERS);
    const filed = i < 30 ? new Date(NOW.getTime() - rnd() * 2 * DAY) : ago(1095);
    const open = i < 30;
    const ack = open && rnd() < 0.5 ? null : new Date(filed.getTime() + rnd() * 120 * 60_000);
    const late = ack !== null && ack.getTime() - filed.getTime() > 60 * 60_000;
    complaints.push([`T${String(i).padStart(8, '0')}-B`, memberId, assistantIds[memberId % assistantIds.length], 'chat', pick(['quality', 'service', 'price']), '起球了', open ? (ack ? 'in_progress' : 'open') : 'closed', filed, ack, ack, open ? null : new Date(filed.getTime() + DAY), late ? new Date(filed.getTime() + 3_600_000) : null, 0, NOW]);
  }
  await insertRows(ds, 'complaint', ['ticketNo', 'memberId', 'assistantId', 'channel', 'category', 'description', 'status', 'createdAt', 'acknowledgedAt', 'firstAnsweredAt', 'firstResolvedAt', 'ackBreachedAt', 'reopenCount', 'updatedAt'], complaints);
  const surveys: Row[] = [];
  for (let i = 0; i < 20_000; i++) {
    surveys.push([1 + (i % MEMBERS), pick(['2026Q1', '2026Q2', '2026Q3', '2026Q4']), 'completed', 1 + Math.floor(rnd() * 5), 1 + Math.floor(rnd() * 5), Math.floor(rnd() * 11), NOW, NOW]);
  }
  // One answer per member and quarter (unique key): keep the first of each pair.
  const seen = new Set<string>();
  const unique = surveys.filter((s) => !seen.has(`${s[0]}-${s[1]}`) && seen.add(`${s[0]}-${s[1]}`));
  await insertRows(ds, 'survey_response', ['memberId', 'surveyKey', 'status', 'quality', 'price', 'nps', 'startedAt', 'updatedAt'], unique);
  if (dbKind(ds) === 'sqlite') await ds.query('ANALYZE');
  else for (const t of ['member', 'purchase', 'outbox_message', 'complaint', 'survey_response', 'member_loss']) await ds.query(`ANALYZE TABLE \`${t}\``);
}

/** The same figures as the dashboard, as a person would write them for this database: grouped by a day expression. */
function plainDashboardSql(ds: DataSource): (() => Promise<unknown>)[] {
  const sqlite = dbKind(ds) === 'sqlite';
  const day = (col: string, shiftDays = 0) => (sqlite ? `strftime('%Y-%m-%d', ${col}, '+8 hours', '+${shiftDays} days')` : `DATE(${col} + INTERVAL 8 HOUR + INTERVAL ${shiftDays} DAY)`);
  const from = new Date(NOW.getTime() - 30 * DAY);
  const to = new Date(NOW.getTime() + DAY);
  const p = (d: Date) => (sqlite ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
  const q = (sql: string, params: unknown[] = []) => () => ds.query(sql, params);
  return [
    q(`SELECT ${day('createdAt')} AS d, COUNT(*) AS n FROM member WHERE createdAt >= ? AND createdAt < ? GROUP BY d`, [p(from), p(to)]),
    q(`SELECT ${day('lastPurchaseAt', 90)} AS d, COUNT(*) AS n FROM member WHERE lastPurchaseAt >= ? AND lastPurchaseAt < ? AND erasedAt IS NULL GROUP BY d`, [p(new Date(from.getTime() - 90 * DAY)), p(new Date(to.getTime() - 90 * DAY))]),
    q(`SELECT ${day('optedOutAt')} AS d, COUNT(*) AS n FROM member WHERE optedOutAt >= ? AND optedOutAt < ? AND optedOut = 1 AND erasedAt IS NULL GROUP BY d`, [p(from), p(to)]),
    q(`SELECT ${day('sentAt')} AS d, COUNT(*) AS n FROM outbox_message WHERE status = 'sent' AND sentAt >= ? AND sentAt < ? GROUP BY d`, [p(from), p(to)]),
    q(`SELECT ${day('dueAt')} AS d, reason, COUNT(*) AS n FROM outbox_message WHERE status = 'skipped' AND dueAt >= ? AND dueAt < ? GROUP BY d, reason`, [p(from), p(to)]),
    q(
      `SELECT ${day('createdAt')} AS d, SUM(CASE WHEN ackBreachedAt IS NOT NULL OR answerBreachedAt IS NOT NULL THEN 1 ELSE 0 END) AS breached, COUNT(acknowledgedAt) AS acked FROM complaint WHERE createdAt >= ? AND createdAt < ? GROUP BY d`,
      [p(from), p(to)],
    ),
    q(`SELECT createdAt, acknowledgedAt FROM complaint WHERE createdAt >= ? AND createdAt < ? AND acknowledgedAt IS NOT NULL`, [p(from), p(to)]),
    q(`SELECT surveyKey, COUNT(*), AVG(quality), COUNT(nps), SUM(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) FROM survey_response WHERE surveyKey IN ('2026Q1','2026Q2','2026Q3','2026Q4') GROUP BY surveyKey`),
    q(`SELECT assistantId, occasion, COUNT(*) FROM outbox_message WHERE status = 'sent' AND sentAt >= ? AND sentAt < ? GROUP BY assistantId, occasion`, [p(from), p(to)]),
    q(`SELECT assistantId, COUNT(*) FROM complaint WHERE firstResolvedAt >= ? AND firstResolvedAt < ? GROUP BY assistantId`, [p(from), p(to)]),
    q(`SELECT assistantId, COUNT(*) FROM member WHERE erasedAt IS NULL GROUP BY assistantId`),
    q(`SELECT * FROM complaint WHERE status IN ('open', 'in_progress') ORDER BY createdAt LIMIT 500`),
    q(`SELECT COUNT(*) FROM outbox_message WHERE status = 'draft' AND dueAt < ?`, [p(to)]),
    q(`SELECT * FROM member WHERE erasedAt IS NULL AND optedOut = 0 AND lifecycle IN ('regular','loyal') AND lastPurchaseAt >= ? AND lastPurchaseAt < ? ORDER BY lastPurchaseAt LIMIT 10`, [p(new Date(NOW.getTime() - 90 * DAY)), p(new Date(NOW.getTime() - 76 * DAY))]),
    q(`SELECT * FROM member WHERE erasedAt IS NULL AND optedOut = 0 AND tier <> 'none' AND (lastContactAt IS NULL OR lastContactAt < ?) ORDER BY id DESC LIMIT 10`, [p(new Date(NOW.getTime() - 30 * DAY))]),
    q(`SELECT * FROM member WHERE erasedAt IS NULL AND optedOut = 0 AND lifecycle = 'dormant' AND (lastContactAt IS NULL OR lastContactAt < ?) ORDER BY id DESC LIMIT 10`, [p(new Date(NOW.getTime() - 30 * DAY))]),
  ];
}

/** The retention report's figures of 12 weeks as a person would write them: grouped by the database's week expression. */
function plainRetentionSql(ds: DataSource): (() => Promise<unknown>)[] {
  const sqlite = dbKind(ds) === 'sqlite';
  const week = (col: string, shiftDays = 0) => (sqlite ? `strftime('%Y-%W', ${col}, '+8 hours', '+${shiftDays} days')` : `YEARWEEK(${col} + INTERVAL 8 HOUR + INTERVAL ${shiftDays} DAY, 3)`);
  const minus90 = (col: string) => (sqlite ? `strftime('%Y-%m-%d %H:%M:%f', ${col}, '-90 days')` : `(${col} - INTERVAL 90 DAY)`);
  const from = new Date(RETENTION_FROM.getTime());
  const to = new Date(NOW.getTime() + DAY);
  const p = (d: Date) => (sqlite ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
  const back = (d: Date) => p(new Date(d.getTime() - 90 * DAY));
  const q = (sql: string, params: unknown[] = []) => () => ds.query(sql, params);
  return [
    q(`SELECT assistantId, COUNT(*) FROM member WHERE createdAt < ? AND (erasedAt IS NULL OR erasedAt >= ?) GROUP BY assistantId`, [p(from), p(from)]),
    q(`SELECT assistantId, ${week('createdAt')} AS w, COUNT(*) FROM member WHERE createdAt >= ? AND createdAt < ? GROUP BY assistantId, w`, [p(from), p(to)]),
    q(`SELECT assistantId, ${week('lastPurchaseAt', 90)} AS w, COUNT(*) FROM member WHERE lastPurchaseAt >= ? AND lastPurchaseAt < ? AND erasedAt IS NULL GROUP BY assistantId, w`, [back(from), back(to)]),
    q(
      `SELECT m.assistantId, ${week('p.purchasedAt')} AS w, COUNT(DISTINCT p.memberId) FROM purchase p JOIN member m ON m.id = p.memberId WHERE p.purchasedAt >= ? AND p.purchasedAt < ? AND m.erasedAt IS NULL AND (SELECT MAX(q.purchasedAt) FROM purchase q WHERE q.memberId = p.memberId AND q.purchasedAt < p.purchasedAt) < ${minus90('p.purchasedAt')} GROUP BY m.assistantId, w`,
      [p(from), p(to)],
    ),
    q(`SELECT memberId, lostAt, returnedAt FROM member_loss WHERE (lostAt >= ? AND lostAt < ?) OR (returnedAt >= ? AND returnedAt < ?)`, [p(from), p(to), p(from), p(to)]),
  ];
}

function plainMemberListSql(ds: DataSource, assistantId?: number): (() => Promise<unknown>)[] {
  const where = assistantId ? `erasedAt IS NULL AND assistantId = ${assistantId}` : 'erasedAt IS NULL';
  return [
    () => ds.query(`SELECT * FROM member WHERE ${where} ORDER BY id DESC LIMIT 20`),
    () => ds.query(`SELECT COUNT(*) AS n FROM (SELECT id FROM member WHERE ${where} LIMIT 1001) capped`),
  ];
}

async function timed(rounds: number, run: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = process.hrtime.bigint();
    await run();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  await prepareDatabase();
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: DB_URL, DATA_KEY: Buffer.alloc(32, 9).toString('base64'), DATA_DIR: './data/bench', LOG_LEVEL: 'warn', SEED_DEMO: 'false', WECHATY_PUPPET: 'wechaty-puppet-mock' });
  const laoke = await createLaoke(config, { log: createLogger('warn') });
  laoke.clock.set(NOW, { freeze: true });
  const staff = laoke.services.staff;
  let manager = (await staff.managers())[0];
  if (!manager) {
    manager = await staff.create({ name: '王店长', role: 'manager' });
    for (let i = 1; i <= ASSISTANTS; i++) await staff.create({ name: `导购${i}`, role: 'assistant' });
  }
  const assistants = await staff.assistants();
  if ((await laoke.ds.query('SELECT COUNT(*) AS n FROM member'))[0].n < MEMBERS) await buildStore(laoke.ds, assistants.map((a) => a.id));
  const managerToken = await staff.issueToken(manager.id, { label: 'bench' });
  const assistantToken = await staff.issueToken(assistants[0].id, { label: 'bench' });
  const server = laoke.app.listen(0, '127.0.0.1');
  // The client keeps its connection between runs (some take a while): the server must not drop it meanwhile.
  server.keepAliveTimeout = 600_000;
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const httpGet = (path: string, token: string) => async () => {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const sequence = (steps: (() => Promise<unknown>)[]) => async () => {
    for (const s of steps) await s();
  };
  const runs: [string, () => Promise<void>, number?][] = [
    ['GET /admin/dashboard/summary (manager: today + charts, 30 days)', httpGet('/admin/dashboard/summary?days=30', managerToken)],
    ['plain SQL, the same figures (17 statements)', sequence(plainDashboardSql(laoke.ds))],
    ['GET /admin/dashboard/summary (assistant: today)', httpGet('/admin/dashboard/summary', assistantToken)],
    ['GET /admin/members (manager, first page of 20)', httpGet('/admin/members', managerToken)],
    ['plain SQL, page + capped count', sequence(plainMemberListSql(laoke.ds))],
    ['GET /admin/members (assistant, own members)', httpGet('/admin/members', assistantToken)],
    ['plain SQL, the assistant’s page + capped count', sequence(plainMemberListSql(laoke.ds, assistants[0].id))],
    ['GET /admin/reports/retention (manager, 12 weeks)', httpGet('/admin/reports/retention?from=2026-08-31&to=2026-11-22&by=week', managerToken), REPORT_ROUNDS],
    ['plain SQL, the same figures (5 statements)', sequence(plainRetentionSql(laoke.ds)), REPORT_ROUNDS],
    ['GET /admin/reports/retention (assistant, 12 weeks)', httpGet('/admin/reports/retention?from=2026-08-31&to=2026-11-22&by=week', assistantToken), REPORT_ROUNDS],
  ];
  const db = dbKind(laoke.ds) === 'sqlite' ? 'SQLite' : 'MariaDB/MySQL';
  console.log(`\n${db}: ${MEMBERS} members, ${PURCHASES} purchases; ${ROUNDS} sequential rounds each after 5 warm-up; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| run | p50 ms | p95 ms | max ms |\n|---|---|---|---|');
  for (const [name, run, rounds] of runs) {
    const ms = await timed(rounds ?? ROUNDS, run);
    console.log(`| ${name} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 95).toFixed(1)} | ${ms[ms.length - 1].toFixed(1)} |`);
  }
  console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  server.close();
  await laoke.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
