/**
 * bench:care's synthetic store, generated set-based (INSERT … SELECT over a recursive CTE, as
 * bench-loyalty.ts does) so that 1,000,000 members take seconds, not minutes of row-by-row inserts.
 *
 * Every column is a function of the member number n through a few multiplicative hashes (n·A mod P for
 * primes P near 2³²: products stay below 2⁶³ on both databases), so the same N gives the same members:
 * birthdays over the year (25 % lunar, 15 % unknown), 65 % women, contacts over the last year, 60 %
 * with a purchase in the 30 days before their last contact, and purchase lines over the 30 days before
 * the planned day (about one member in 1,000 a day, a third of them first purchases).
 */
import type { QueryRunner } from 'typeorm';
import type { DbKind } from '../src/db/sql-dialect';

export const BENCH_PREFIX = 'B';
const CHUNK = 100_000;
const YEAR_S = 365 * 86_400;

export interface GenerateOptions {
  members: number;
  kind: DbKind;
  /** The planned day's 00:00 in the store's zone, as an instant. */
  dayStart: Date;
  /** 10:00 store time of the planned day (purchase lines are placed from there, days before). */
  dayTen: Date;
  /** Ids of the assistants members are spread over (consecutive). */
  staffLo: number;
  staffCount: number;
}

/** Runs on one connection: MariaDB's recursion limit is a session setting. */
export async function generateMembers(q: QueryRunner, o: GenerateOptions): Promise<void> {
  const mysql = o.kind === 'mysql';
  const at = (d: Date) => (mysql ? d : d.toISOString().replace('T', ' ').replace('Z', ''));
  const cat = (...parts: string[]) => (mysql ? `CONCAT(${parts.join(', ')})` : parts.join(' || '));
  const minusSeconds = (base: string, s: string) => (mysql ? `DATE_SUB(${base}, INTERVAL ${s} SECOND)` : `strftime('%Y-%m-%d %H:%M:%f', ${base}, '-' || (${s}) || ' seconds')`);
  const code = mysql ? `CONCAT('${BENCH_PREFIX}', LPAD(n, 7, '0'))` : `'${BENCH_PREFIX}' || printf('%07d', n)`;
  if (mysql) await q.query('SET SESSION max_recursive_iterations = 1000000000');
  const hashes = [
    [2654435761, 4294967291],
    [2246822519, 4294967279],
    [3266489917, 4294967231],
    [668265263, 4294967197],
    [374761393, 4294967189],
    [1103515245, 4294967161],
  ]
    .map(([a, p], i) => `(n * ${a}) % ${p} AS h${i + 1}`)
    .join(', ');
  const columns =
    'code, name, gender, birthdayCalendar, birthYear, birthMonth, birthDay, birthLeapMonth, isMother, isFather, isTeacher, assistantId, optedOut, tier, lifecycle, source, lastContactAt, lastPurchaseAt, createdAt, updatedAt';
  // v: the member's traits from the hashes; the outer SELECT turns them into columns.
  const select =
    `SELECT ${code}, ${cat("'会员'", 'n')}, CASE WHEN female = 1 THEN 'female' ELSE 'male' END,` +
    ` CASE WHEN born = 1 THEN CASE WHEN lunar = 1 THEN 'lunar' ELSE 'solar' END END,` +
    ` CASE WHEN born = 1 THEN 1950 + h4 % 55 END, CASE WHEN born = 1 THEN mo END,` +
    ` CASE WHEN born = 1 THEN 1 + h5 % (CASE WHEN lunar = 1 THEN 30 WHEN mo = 2 THEN 29 WHEN mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END) END,` +
    ` CASE WHEN born = 1 AND lunar = 1 AND h6 % 50 = 0 THEN 1 ELSE 0 END,` +
    ` CASE WHEN female = 1 THEN CASE WHEN h6 % 10 < 4 THEN 1 WHEN h6 % 10 < 7 THEN 0 END END,` +
    ` CASE WHEN female = 0 AND h6 % 10 < 4 THEN 1 END, CASE WHEN h6 % 25 = 1 THEN 1 END,` +
    ` ${o.staffLo} + n % ${o.staffCount}, CASE WHEN h4 % 50 = 7 THEN 1 ELSE 0 END, 'none', 'regular', 'seed',` +
    ` ${minusSeconds('?', `h3 % ${YEAR_S}`)},` +
    ` CASE WHEN h2 % 10 < 6 THEN ${minusSeconds('?', `h3 % ${YEAR_S} + h4 % ${30 * 86_400}`)} END, ?, ?` +
    ` FROM (SELECT n, h1, h2, h3, h4, h5, h6, CASE WHEN h1 % 100 < 25 THEN 1 ELSE 0 END AS lunar, CASE WHEN h2 % 100 < 85 THEN 1 ELSE 0 END AS born,` +
    ` 1 + h3 % 12 AS mo, CASE WHEN h5 % 100 < 65 THEN 1 ELSE 0 END AS female FROM (SELECT n, ${hashes} FROM seq) h) v`;
  for (let lo = 1; lo <= o.members; lo += CHUNK) {
    const hi = Math.min(o.members, lo + CHUNK - 1);
    const now = at(new Date());
    await q.query(`INSERT INTO member (${columns}) WITH RECURSIVE seq(n) AS (SELECT ${lo} UNION ALL SELECT n + 1 FROM seq WHERE n < ${hi}) ${select}`, [
      at(o.dayStart),
      at(o.dayStart),
      now,
      now,
    ]);
  }
  // Purchase lines: 3 % of members, each on one of the 30 days before the planned day, 10:00–20:00.
  const when = mysql
    ? `DATE_ADD(DATE_SUB(?, INTERVAL 1 + (id * 16807) % 30 DAY), INTERVAL (id * 131) % 36000 SECOND)`
    : `strftime('%Y-%m-%d %H:%M:%f', ?, '-' || (1 + (id * 16807) % 30) || ' days', '+' || ((id * 131) % 36000) || ' seconds')`;
  const items = `CASE id % 5 WHEN 0 THEN '羊毛大衣' WHEN 1 THEN '真丝围巾' WHEN 2 THEN '运动鞋' WHEN 3 THEN '保温杯' ELSE '羽绒服' END`;
  await q.query(
    `INSERT INTO purchase (memberId, purchasedAt, items, quantity, amountFen, idempotencyKey, source, isFirstPurchase, createdAt)` +
      ` SELECT id, w, ${items}, 1, 10000 + (id * 7919) % 90000, ${cat("'bench-'", 'id')}, 'import', CASE WHEN ((id * 2654435761) % 4294967291) % 3 = 0 THEN 1 ELSE 0 END, w` +
      ` FROM (SELECT id, ${when} AS w FROM member WHERE (id * 48271) % 1000 < 30) x`,
    [at(o.dayTen)],
  );
  await q.query(mysql ? 'ANALYZE TABLE member, purchase' : 'ANALYZE');
}
