/**
 * `npm run bench:care -- [--members 200000] [--date 2026-03-12] [--runs 5] [--festival 2026-09-25]`
 *
 * Generates N synthetic members (birthdays spread over the year, a share of them lunar, recent contacts
 * and purchases) in the configured database (DATABASE_URL; default a bench SQLite file under ./data),
 * then, after a warm-up, times in the same run and on a fresh outbox each time: a plain indexed SELECT of
 * the day's birthday members, planning the whole day (select, render, batched insert) and planning the
 * birthdays alone. Prints members, rows planned, medians in seconds, both ratios and peak RSS. With
 * --festival it also plans a festival day, when every member gets a row, to show that memory stays flat
 * while streaming. `npm run bench:care` compiles first (tsc --noCheck into dist/) and runs plain node, so
 * the RSS figure is not the TypeScript compiler's.
 *
 * Use a database of its own: it refuses to touch a database holding members it did not generate.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { existsSync } from 'node:fs';
import type { CareConfig } from '../src/care/care.config-schema';
import { CarePlanner, type PlanSummary } from '../src/care/care-planner';
import { addDays, birthdayQueryFor, FESTIVALS, festivalsOn, seasonStartOn } from '../src/care/occasion-calendar';
import { createDataSource } from '../src/db/data-source';
import { dbKind } from '../src/db/sql-dialect';
import { Member } from '../src/members/member.entity';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import { OutboxQueue } from '../src/outbox/outbox-queue';
import { Purchase } from '../src/purchases/purchase.entity';
import { AdjustableClock } from '../src/shared/clock';
import { createLogger } from '../src/shared/logger';
import { storeInstant } from '../src/shared/store-time';
import { TemplateLibrary } from '../src/shared/templates';
import { Staff } from '../src/staff/staff.entity';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const N = Number(arg('members', '200000'));
const DAY = arg('date', '2026-03-12');
const FESTIVAL_DAY = args.includes('--festival') ? arg('festival', '2026-09-25') : null;
const BENCH_PREFIX = 'B';
const INSERT_BATCH = 800;
const RUNS = Math.max(1, Number(arg('runs', '5')));
/** `npm run bench:care` runs the compiled script (dist/scripts); ts-node runs it from scripts/. */
const TEMPLATES_DIR = [join(__dirname, '..', 'templates'), join(__dirname, '..', '..', 'templates')].find((d) => existsSync(d))!;
const RUNTIME = __filename.endsWith('.js') ? 'compiled JS on node' : 'under ts-node, whose TypeScript alone holds ~100 MB';

/** A small, seeded random generator so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const peakRssKb = () => process.resourceUsage().maxRSS;

async function main(): Promise<void> {
  const baselineRss = process.memoryUsage().rss;
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'sqlite:./data/bench-care.sqlite', LOG_LEVEL: 'warn' });
  const tz = config.STORE_TIMEZONE;
  const ds = createDataSource(config.db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const kind = dbKind(ds);
  const members = ds.getRepository(Member);
  /** Multi-row INSERT with placeholders only (the query builder's SQL for big batches costs memory and time). */
  const insertRaw = async (entity: typeof Member | typeof Purchase, rows: object[]) => {
    const meta = ds.getMetadata(entity);
    const columns = meta.columns.filter((c) => !c.isGenerated);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const sql = `INSERT INTO ${ds.driver.escape(meta.tableName)} (${columns.map((c) => ds.driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
    const defaults: Record<string, unknown> = { birthLeapMonth: false, optedOut: false, tier: 'none', lifecycle: 'regular', source: 'seed', quantity: 1, isFirstPurchase: false };
    const params = rows.flatMap((r) =>
      columns.map((c) => {
        const v = (r as Record<string, unknown>)[c.propertyName];
        return ds.driver.preparePersistentValue(v === undefined ? (defaults[c.propertyName] ?? null) : v, c);
      }),
    );
    await ds.query(sql, params);
  };

  const foreign = await members.createQueryBuilder('m').where('m.code NOT LIKE :p', { p: `${BENCH_PREFIX}%` }).getCount();
  if (foreign > 0) {
    console.error(`This database holds ${foreign} members the benchmark did not create; give it a database of its own (DATABASE_URL).`);
    process.exit(2);
  }

  // ---------------------------------------------------------------- generate (or reuse) members
  const t0 = Date.now();
  const existing = await members.count();
  if (existing !== N) {
    await ds.createQueryBuilder().delete().from(OutboxMessage).execute();
    await ds.createQueryBuilder().delete().from(Purchase).execute();
    await ds.createQueryBuilder().delete().from(Member).execute();
    await ds.createQueryBuilder().delete().from(Staff).execute();
    const now = new Date();
    const staffIds: number[] = [];
    for (let i = 1; i <= 12; i++) {
      const r = await ds.getRepository(Staff).insert({ name: `导购${String(i).padStart(2, '0')}`, role: 'assistant', wechatContactId: null, active: true, createdAt: now });
      staffIds.push(Number(r.identifiers[0].id));
    }
    const rand = rng(42);
    const dayStart = storeInstant(DAY, '00:00', tz).getTime();
    for (let start = 0; start < N; start += INSERT_BATCH) {
      const rows: Partial<Member>[] = [];
      for (let i = start; i < Math.min(N, start + INSERT_BATCH); i++) {
        const lunar = rand() < 0.25;
        const hasBirthday = rand() < 0.85;
        const month = 1 + Math.floor(rand() * 12);
        const day = lunar ? 1 + Math.floor(rand() * 30) : 1 + Math.floor(rand() * new Date(Date.UTC(2024, month, 0)).getUTCDate());
        const female = rand() < 0.65;
        const lastContact = new Date(dayStart - Math.floor(rand() * 365 * 86_400_000));
        const bought = rand() < 0.6;
        rows.push({
          code: `${BENCH_PREFIX}${String(i + 1).padStart(7, '0')}`,
          name: `会员${i + 1}`,
          nickname: null,
          gender: female ? 'female' : 'male',
          birthdayCalendar: hasBirthday ? (lunar ? 'lunar' : 'solar') : null,
          birthYear: hasBirthday ? 1950 + Math.floor(rand() * 55) : null,
          birthMonth: hasBirthday ? month : null,
          birthDay: hasBirthday ? day : null,
          birthLeapMonth: hasBirthday && lunar && rand() < 0.02,
          isMother: female ? (rand() < 0.4 ? true : rand() < 0.5 ? false : null) : null,
          isFather: female ? null : rand() < 0.4 ? true : null,
          isTeacher: rand() < 0.04 ? true : null,
          assistantId: staffIds[i % staffIds.length],
          optedOut: rand() < 0.02,
          tier: 'none',
          lifecycle: 'regular',
          source: 'seed',
          lastContactAt: lastContact,
          lastPurchaseAt: bought ? new Date(lastContact.getTime() - Math.floor(rand() * 30 * 86_400_000)) : null,
          createdAt: now,
          updatedAt: now,
        });
      }
      await insertRaw(Member, rows);
    }
    // Purchases over the 30 days before the planned day: about 1 in 1,000 members a day, a third of them first purchases.
    const ids = (await ds.query(`SELECT MIN(id) AS lo, MAX(id) AS hi FROM member`)) as { lo: number; hi: number }[];
    const lo = Number(ids[0].lo);
    const hi = Number(ids[0].hi);
    const perDay = Math.max(1, Math.round(N / 1000));
    let key = 0;
    for (let d = 1; d <= 30; d++) {
      const base = storeInstant(addDays(DAY, -d), '10:00', tz).getTime();
      const rows: Partial<Purchase>[] = [];
      for (let j = 0; j < perDay; j++) {
        const at = new Date(base + Math.floor(rand() * 10 * 3600_000));
        rows.push({
          memberId: lo + Math.floor(rand() * (hi - lo + 1)),
          purchasedAt: at,
          items: ['羊毛大衣', '真丝围巾', '运动鞋', '保温杯', '羽绒服'][j % 5],
          category: null,
          quantity: 1,
          amountFen: 10000 + Math.floor(rand() * 90000),
          store: null,
          assistantId: null,
          idempotencyKey: `bench-${++key}`,
          source: 'import',
          isFirstPurchase: rand() < 0.33,
          createdAt: at,
        });
      }
      for (let s = 0; s < rows.length; s += INSERT_BATCH) await insertRaw(Purchase, rows.slice(s, s + INSERT_BATCH));
    }
  } else {
    // Same members as last time: plan again from an empty outbox.
    await ds.createQueryBuilder().delete().from(OutboxMessage).execute();
  }
  const genSeconds = (Date.now() - t0) / 1000;

  // ---------------------------------------------------------------- plain select vs planning
  // Same run, same data, same cache state: a warm-up of everything first, then RUNS repetitions, each
  // timing the plain select, the whole day's planning and the birthdays alone, on a fresh outbox for the
  // day (the day's rows are deleted between runs, untimed). Medians are reported.
  const q = birthdayQueryFor(DAY);
  const ph = (n: number) => Array(n).fill('?').join(', ');
  const selectSql = `SELECT * FROM member WHERE (birthdayCalendar = ? AND birthMonth = ? AND birthDay IN (${ph(q.solar.days.length)})) OR (birthdayCalendar = ? AND birthMonth = ? AND birthDay IN (${ph(q.lunar.days.length)}))`;
  const selectParams = ['solar', q.solar.month, ...q.solar.days, 'lunar', q.lunar.month, ...q.lunar.days];
  const seconds = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
    const started = process.hrtime.bigint();
    const value = await work();
    return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  const plainSelect = () => seconds(async () => ((await ds.query(selectSql, selectParams)) as unknown[]).length);
  const clearDay = (day: string) => ds.query(`DELETE FROM outbox_message WHERE occasionDate = ?`, [day]);

  const clock = new AdjustableClock();
  const silent = createLogger('warn', new Writable({ write: (_c, _e, cb) => cb() }));
  const templates = new TemplateLibrary(TEMPLATES_DIR);
  const outbox = new OutboxQueue({ ds, clock });
  const plannerWith = (care: CareConfig) => new CarePlanner({ ds, clock, log: silent, templates, care, timezone: tz, storeName: config.STORE_NAME, outbox });
  const planner = plannerWith(config.CARE_CONFIG);
  // Birthdays alone: the same pipeline (select, render, insert) with every other occasion switched off.
  const birthdaysOnly = structuredClone(config.CARE_CONFIG);
  for (const k of Object.keys(birthdaysOnly.occasions) as (keyof CareConfig['occasions'])[]) birthdaysOnly.occasions[k].enabled = k === 'birthday';
  const birthdayPlanner = plannerWith(birthdaysOnly);
  const planOn = async (p: CarePlanner, day: string) => {
    clock.set(storeInstant(day, '06:30', tz), { freeze: true });
    return p.planDay(day);
  };

  // Warm-up (untimed): the day before is planned as a running service would have (long-time-no-see and
  // rotation read it), then the day itself once, then the select once.
  await clearDay(DAY);
  await planOn(planner, addDays(DAY, -1));
  await planOn(planner, DAY);
  await clearDay(DAY);
  await plainSelect();

  const runs: { select: number; selectRows: number; day: number; birthdays: number; plan: PlanSummary; birthdayRows: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const select = await plainSelect();
    const day = await seconds(() => planOn(planner, DAY));
    await clearDay(DAY);
    const birthdays = await seconds(() => planOn(birthdayPlanner, DAY));
    await clearDay(DAY);
    runs.push({ select: select.seconds, selectRows: select.value, day: day.seconds, birthdays: birthdays.seconds, plan: day.value, birthdayRows: birthdays.value.planned });
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const selectS = median(runs.map((r) => r.select));
  const dayS = median(runs.map((r) => r.day));
  const birthdayS = median(runs.map((r) => r.birthdays));
  const plan = runs[0].plan;
  const rssAfterDay = peakRssKb();

  let festival: { day: string; label: string; planned: number; seconds: number } | null = null;
  if (FESTIVAL_DAY) {
    const [f] = festivalsOn(FESTIVALS, FESTIVAL_DAY);
    if (!f && !seasonStartOn(FESTIVAL_DAY)) console.warn(`${FESTIVAL_DAY} is neither a festival nor a season start`);
    await clearDay(FESTIVAL_DAY);
    const s = await seconds(() => planOn(planner, FESTIVAL_DAY));
    festival = { day: FESTIVAL_DAY, label: s.value.occasionsOfDay.join('、') || '-', planned: s.value.planned, seconds: s.seconds };
    await clearDay(FESTIVAL_DAY);
  }

  const fmt = (s: number) => s.toFixed(4);
  const by = Object.entries(plan.byOccasion)
    .map(([k, v]) => `${k} ${v!.planned}`)
    .join(', ');
  const list = (pick: (r: (typeof runs)[number]) => number) => runs.map((r) => (pick(r) * 1000).toFixed(1)).join(' ');
  console.log(`database:              ${kind}`);
  console.log(`members:               ${N}${existing === N ? ' (reused)' : ` (generated in ${genSeconds.toFixed(1)} s)`}`);
  console.log(`day planned:           ${DAY}${plan.occasionsOfDay.length ? ` (${plan.occasionsOfDay.join('、')})` : ''}`);
  console.log(`rows planned:          ${plan.planned} (${by}); birthdays alone ${runs[0].birthdayRows}`);
  console.log(`runs:                  ${RUNS} after a warm-up, medians below (ms per run: select ${list((r) => r.select)} | day ${list((r) => r.day)} | birthdays ${list((r) => r.birthdays)})`);
  console.log(`plain indexed select:  ${fmt(selectS)} s (${runs[0].selectRows} rows: SELECT * of the day's solar and lunar birthday members)`);
  console.log(`planning the day:      ${fmt(dayS)} s   ratio ${(dayS / selectS).toFixed(1)}x  (target 3x)`);
  console.log(`planning birthdays:    ${fmt(birthdayS)} s   ratio ${(birthdayS / selectS).toFixed(1)}x`);
  if (festival) console.log(`festival day:          ${festival.day} (${festival.label}): ${festival.planned} rows in ${festival.seconds.toFixed(2)} s`);
  console.log(
    `peak RSS:              ${mb(peakRssKb())} (process maximum, generation included; after the timed runs: ${mb(rssAfterDay)}; at start: ${mb(baselineRss / 1024)}; ${RUNTIME}; target < 300 MB)`,
  );
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
