/**
 * `npm run bench:loyalty -- [--members 1000000] [--purchases 10000000] [--db both|sqlite|mariadb] [--reuse]`
 *
 * Generates N members and about M purchases (1–19 per member, spread over the last 18 months) in a
 * database of its own — the SQLite file ./data/bench-loyalty.sqlite and the MariaDB database
 * `laoke_bench_loyalty` on 127.0.0.1:3306 (BENCH_MYSQL_URL to change) — with set-based INSERT … SELECT
 * statements (a recursive CTE for members, a cross join for purchases; secondary indexes built after the
 * load). Then, in the same run, it times the plain `GROUP BY member` aggregate over the window's purchases
 * against the nightly RFM scoring (first night: every member written; next night: only changes), and
 * prints the ratios and the process's peak RSS. Each database runs in a child process of its own, so each
 * RSS figure is that database's alone. `--reuse` keeps a generated database of the same size.
 * `npm run bench:loyalty` compiles first (tsc --noCheck into dist/) and runs plain node.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { DataSource, QueryRunner } from 'typeorm';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { dbKind, type DbKind } from '../src/db/sql-dialect';
import { defaultRfmConfig, RfmScoring } from '../src/loyalty/segments';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const MEMBERS = Number(arg('members', '1000000'));
/** Purchases per member average 10 (1 + id-hash mod 19); --purchases scales that. */
const PER_MEMBER = Math.max(1, Math.round(Number(arg('purchases', String(MEMBERS * 10))) / MEMBERS));
const NOW = new Date('2026-11-22T02:00:00.000Z');
const SQLITE_FILE = './data/bench-loyalty.sqlite';
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/laoke_bench_loyalty';
const CHUNK = 100_000;

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const time = async <T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const t0 = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
};

async function count(ds: DataSource, table: string): Promise<number> {
  return Number(((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[])[0].n);
}

/** Members by a recursive CTE, purchases by a cross join with a small counter table, in chunks of member ids. */
async function generate(ds: DataSource): Promise<void> {
  // One connection: the session setting below must hold for every statement.
  const q = ds.createQueryRunner();
  await q.connect();
  try {
    await generateOn(q, dbKind(ds));
  } finally {
    await q.release();
  }
}

async function generateOn(ds: QueryRunner, kind: DbKind): Promise<void> {
  const at = kind === 'mysql' ? NOW : NOW.toISOString().replace('T', ' ').replace('Z', '');
  const code = kind === 'mysql' ? "CONCAT('B', LPAD(n, 8, '0'))" : "'B' || printf('%08d', n)";
  const purchaseIndexes = ['idx_purchase_member_time', 'idx_purchase_time', 'idx_purchase_idempotency'];
  for (const idx of purchaseIndexes) await ds.query(kind === 'mysql' ? `DROP INDEX ${idx} ON purchase` : `DROP INDEX ${idx}`);
  if (kind === 'mysql') await ds.query('SET SESSION max_recursive_iterations = 1000000000');
  for (let lo = 1; lo <= MEMBERS; lo += CHUNK) {
    const hi = Math.min(MEMBERS, lo + CHUNK - 1);
    await ds.query(
      `INSERT INTO member (code, tier, lifecycle, source, createdAt, updatedAt) WITH RECURSIVE seq(n) AS (SELECT ${lo} UNION ALL SELECT n + 1 FROM seq WHERE n < ${hi}) SELECT ${code}, 'none', 'regular', 'seed', ?, ? FROM seq`,
      [at, at],
    );
  }
  await ds.query('CREATE TABLE bench_k (k INTEGER NOT NULL PRIMARY KEY)');
  const ks = Array.from({ length: 2 * PER_MEMBER - 1 }, (_, k) => `(${k})`).join(', ');
  await ds.query(`INSERT INTO bench_k (k) VALUES ${ks}`);
  // Member-dependent count 1 … 2×avg−1 (mean avg), times and amounts spread by hashes of (member, k).
  const cnt = `(1 + (m.id * 7919) % ${2 * PER_MEMBER - 1})`;
  const minutes = `((m.id * 31 + k.k * 977 + (m.id * k.k) % 1440) % (540 * 1440))`;
  const when = kind === 'mysql' ? `DATE_SUB(?, INTERVAL ${minutes} MINUTE)` : `strftime('%Y-%m-%d %H:%M:%f', ?, '-' || ${minutes} || ' minutes')`;
  const key = kind === 'mysql' ? "CONCAT(m.id, '-', k.k)" : "m.id || '-' || k.k";
  // MariaDB may leave gaps in the ids of a multi-row insert: walk up to the highest id, not the count.
  const [{ top }] = (await ds.query('SELECT MAX(id) AS top FROM member')) as { top: number | string }[];
  for (let lo = 1; lo <= Number(top); lo += CHUNK) {
    await ds.query(
      `INSERT INTO purchase (memberId, purchasedAt, items, quantity, amountFen, idempotencyKey, source, isFirstPurchase, createdAt) ` +
        `SELECT m.id, ${when}, '衬衫', 1, 1000 + (m.id * 131 + k.k * 7919) % 200000, ${key}, 'seed', 0, ? FROM member m JOIN bench_k k ON k.k < ${cnt} WHERE m.id >= ? AND m.id < ?`,
      [at, at, lo, lo + CHUNK],
    );
  }
  await ds.query('DROP TABLE bench_k');
  await ds.query('CREATE INDEX idx_purchase_member_time ON purchase (memberId, purchasedAt)');
  await ds.query('CREATE INDEX idx_purchase_time ON purchase (purchasedAt)');
  await ds.query('CREATE UNIQUE INDEX idx_purchase_idempotency ON purchase (idempotencyKey)');
  await ds.query(kind === 'mysql' ? 'ANALYZE TABLE member, purchase' : 'ANALYZE');
}

/** One database, in this (child) process. */
async function runOne(db: 'sqlite' | 'mariadb'): Promise<void> {
  const url = db === 'sqlite' ? `sqlite:${SQLITE_FILE}` : MYSQL_URL;
  if (db === 'mariadb') {
    const { createConnection } = await import('mysql2/promise');
    const server = new URL(MYSQL_URL);
    const name = server.pathname.slice(1);
    const conn = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: server.username || 'root', password: server.password || undefined });
    if (!args.includes('--reuse')) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
    await conn.end();
  } else if (!args.includes('--reuse') && existsSync(SQLITE_FILE)) {
    for (const f of [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`]) rmSync(f, { force: true });
  }
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', NODE_ENV: 'development' });
  const ds = createDataSource(config.db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  let generatedMs = 0;
  const existing = await count(ds, 'member');
  if (existing !== MEMBERS) {
    if (existing > 0) throw new Error(`${url} holds ${existing} members, not ${MEMBERS}: run without --reuse`);
    generatedMs = (await time(() => generate(ds))).ms;
  } else {
    await ds.query('DELETE FROM member_segment');
    await ds.query('DELETE FROM member_segment_change');
  }
  const purchases = await count(ds, 'purchase');
  const rssAfterGeneration = process.resourceUsage().maxRSS;
  const scoring = new RfmScoring({ ds, cfg: defaultRfmConfig() });
  const plain = (now: Date) =>
    time(async () => ds.query(`SELECT COUNT(*) AS n, SUM(a.cnt) AS c FROM (${scoring.aggregateSql()}) a`, scoring.aggregateParams(now)) as Promise<{ n: number | string }[]>);

  // Warm the caches once (untimed), then: aggregate, first night, aggregate, next night, aggregate.
  await plain(NOW);
  const a1 = await plain(NOW);
  const first = await time(() => scoring.run(NOW));
  const a2 = await plain(NOW);
  const nextDay = new Date(NOW.getTime() + 86_400_000);
  const a3 = await plain(nextDay);
  const second = await time(() => scoring.run(nextDay));
  const a4 = await plain(nextDay);
  const aggregate = [a1.ms, a2.ms].sort((x, y) => x - y)[0];
  const aggregateNext = [a3.ms, a4.ms].sort((x, y) => x - y)[0];
  const segments = (await ds.query('SELECT segment, COUNT(*) AS n FROM member_segment GROUP BY segment ORDER BY segment')) as { segment: string; n: number | string }[];
  const versionRow = (await ds.query(db === 'sqlite' ? 'SELECT sqlite_version() AS v' : 'SELECT VERSION() AS v')) as { v: string }[];
  await ds.destroy();
  const out = {
    db: `${db} ${versionRow[0].v}`,
    members: MEMBERS,
    purchases,
    scoredMembers: first.result.scored,
    generate: secs(generatedMs),
    plainAggregate: secs(aggregate),
    firstNight: { time: secs(first.ms), ratio: `${(first.ms / aggregate).toFixed(2)}×`, changed: first.result.changed, segmentChanges: first.result.segmentChanges },
    nextNight: { time: secs(second.ms), ratio: `${(second.ms / aggregateNext).toFixed(2)}×`, changed: second.result.changed, segmentChanges: second.result.segmentChanges },
    segments: Object.fromEntries(segments.map((s) => [s.segment, Number(s.n)])),
    peakRss: mb(process.resourceUsage().maxRSS),
    peakRssAfterGeneration: mb(rssAfterGeneration),
  };
  console.log(JSON.stringify(out));
}

async function main(): Promise<void> {
  const child = arg('child', '');
  if (child === 'sqlite' || child === 'mariadb') return runOne(child);
  const which = arg('db', 'both');
  const dbs = which === 'both' ? (['sqlite', 'mariadb'] as const) : ([which] as const);
  console.log(`bench:loyalty — ${MEMBERS.toLocaleString('en')} members, ~${(MEMBERS * PER_MEMBER).toLocaleString('en')} purchases, scoring at ${NOW.toISOString()}`);
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
