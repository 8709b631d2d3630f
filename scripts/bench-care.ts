/**
 * `npm run bench:care -- [--members 200000] [--date 2026-03-12] [--festival 2026-09-25]`
 *
 * Generates N synthetic members (birthdays spread over the year, a share of them lunar, recent contacts
 * and purchases) in the configured database (DATABASE_URL; default a bench SQLite file under ./data),
 * then times planning one day and, for comparison, a plain indexed SELECT of that day's birthday
 * members. Prints members, rows planned, seconds, peak RSS and the ratio. With --festival it also plans a
 * festival day, when every member gets a row, to show that memory stays flat while streaming.
 *
 * Use a database of its own: it refuses to touch a database holding members it did not generate.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { CarePlanner } from '../src/care/care-planner';
import { addDays, birthdayQueryFor, FESTIVALS, festivalsOn, seasonStartOn } from '../src/care/occasion-calendar';
import { createDataSource, dbKind } from '../src/db/data-source';
import { Member } from '../src/members/member.entity';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
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
  const q = birthdayQueryFor(DAY);
  const plainSelect = async () => {
    const started = process.hrtime.bigint();
    const ph = (n: number) => Array(n).fill('?').join(', ');
    const rows = (await ds.query(
      `SELECT * FROM member WHERE (birthdayCalendar = ? AND birthMonth = ? AND birthDay IN (${ph(q.solar.days.length)})) OR (birthdayCalendar = ? AND birthMonth = ? AND birthDay IN (${ph(q.lunar.days.length)}))`,
      ['solar', q.solar.month, ...q.solar.days, 'lunar', q.lunar.month, ...q.lunar.days],
    )) as unknown[];
    return { rows: rows.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
  await plainSelect(); // warm-up, so both measurements start from the same cache state
  const select = await plainSelect();

  const clock = new AdjustableClock();
  clock.set(storeInstant(DAY, '06:30', tz), { freeze: true });
  const silent = createLogger('warn', new Writable({ write: (_c, _e, cb) => cb() }));
  const planner = new CarePlanner({
    ds,
    clock,
    log: silent,
    templates: new TemplateLibrary(join(__dirname, '..', 'templates')),
    care: config.CARE_CONFIG,
    timezone: tz,
    storeName: config.STORE_NAME,
  });
  // Warm-up on the day before (untimed): statement caches and templates, as in a long-running service.
  clock.set(storeInstant(addDays(DAY, -1), '06:30', tz), { freeze: true });
  await planner.planDay(addDays(DAY, -1));
  clock.set(storeInstant(DAY, '06:30', tz), { freeze: true });
  const planStarted = process.hrtime.bigint();
  const plan = await planner.planDay(DAY);
  const planSeconds = Number(process.hrtime.bigint() - planStarted) / 1e9;
  const birthdaySeconds = (plan.byOccasion.birthday?.ms ?? 0) / 1000;
  const rssAfterDay = peakRssKb();

  let festival: { day: string; label: string; planned: number; seconds: number } | null = null;
  if (FESTIVAL_DAY) {
    const [f] = festivalsOn(FESTIVALS, FESTIVAL_DAY);
    if (!f && !seasonStartOn(FESTIVAL_DAY)) console.warn(`${FESTIVAL_DAY} is neither a festival nor a season start`);
    clock.set(storeInstant(FESTIVAL_DAY, '06:30', tz), { freeze: true });
    const started = process.hrtime.bigint();
    const s = await planner.planDay(FESTIVAL_DAY);
    festival = { day: FESTIVAL_DAY, label: s.occasionsOfDay.join('、') || '-', planned: s.planned, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }

  const fmt = (s: number) => s.toFixed(3);
  const by = Object.entries(plan.byOccasion)
    .map(([k, v]) => `${k} ${v!.planned}`)
    .join(', ');
  console.log(`database:            ${kind}`);
  console.log(`members:             ${N}${existing === N ? ' (reused)' : ` (generated in ${genSeconds.toFixed(1)} s)`}`);
  console.log(`day planned:         ${DAY}${plan.occasionsOfDay.length ? ` (${plan.occasionsOfDay.join('、')})` : ''}`);
  console.log(`rows planned:        ${plan.planned} (${by})`);
  console.log(`planning:            ${fmt(planSeconds)} s (birthdays alone ${fmt(birthdaySeconds)} s)`);
  console.log(`plain indexed select of the day's birthday members: ${fmt(select.seconds)} s (${select.rows} rows)`);
  console.log(`ratio planning/select: ${(planSeconds / select.seconds).toFixed(1)}x (birthdays alone ${(birthdaySeconds / select.seconds).toFixed(1)}x; target 3x)`);
  if (festival) console.log(`festival day:        ${festival.day} (${festival.label}): ${festival.planned} rows in ${fmt(festival.seconds)} s`);
  console.log(`peak RSS:            ${mb(peakRssKb())} (after the ordinary day: ${mb(rssAfterDay)}; at start, with ts-node loaded: ${mb(baselineRss / 1024)}; target < 300 MB)`);
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
