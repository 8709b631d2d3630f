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
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import { existsSync } from 'node:fs';
import type { CareConfig } from '../src/care/care.config-schema';
import { CarePlanner, type PlanSummary } from '../src/care/care-planner';
import { addDays, FESTIVALS, festivalsOn, seasonStartOn } from '../src/care/occasion-calendar';
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
import { BENCH_PREFIX, generateMembers } from './bench-care-data';
import { candidateSelects, rawInsert, readPlannedRows, runSelects } from './bench-care-floor';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const N = Number(arg('members', '200000'));
const DAY = arg('date', '2026-03-12');
const FESTIVAL_DAY = args.includes('--festival') ? arg('festival', '2026-09-25') : null;
const RUNS = Math.max(1, Number(arg('runs', '5')));
/** `npm run bench:care` runs the compiled script (dist/scripts); ts-node runs it from scripts/. */
const TEMPLATES_DIR = [join(__dirname, '..', 'templates'), join(__dirname, '..', '..', 'templates')].find((d) => existsSync(d))!;
const RUNTIME = __filename.endsWith('.js') ? 'compiled JS on node' : 'under ts-node, whose TypeScript alone holds ~100 MB';

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const peakRssKb = () => process.resourceUsage().maxRSS;

async function main(): Promise<void> {
  const baselineRss = process.memoryUsage().rss;
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'sqlite:./data/bench-care.sqlite', LOG_LEVEL: 'warn' });
  const tz = config.STORE_TIMEZONE;
  if (config.db.kind === 'mysql') {
    // A database of its own, created on first use.
    const { createConnection } = await import('mysql2/promise');
    const server = new URL(config.db.url);
    const conn = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: server.username || 'root', password: server.password || undefined });
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${server.pathname.slice(1)}\` CHARACTER SET utf8mb4`);
    await conn.end();
  }
  const ds = createDataSource(config.db);
  await ds.initialize();
  const migrated = (await ds.runMigrations({ transaction: 'each' })).length > 0;
  const kind = dbKind(ds);
  const members = ds.getRepository(Member);

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
    const q = ds.createQueryRunner();
    await q.connect();
    try {
      const opts = { members: N, kind, dayStart: storeInstant(DAY, '00:00', tz), dayTen: storeInstant(DAY, '10:00', tz), staffLo: Math.min(...staffIds), staffCount: staffIds.length };
      await generateMembers(q, opts);
    } finally {
      await q.release();
    }
  } else {
    // Same members as last time: plan again from an empty outbox.
    await ds.createQueryBuilder().delete().from(OutboxMessage).execute();
  }
  const genSeconds = (Date.now() - t0) / 1000;
  if ((existing !== N || migrated) && !args.includes('--timed')) {
    // On SQLite generation and index builds run inside this process and leave its peak RSS high (the
    // figure is a process maximum): the timed part runs in a fresh process, whose peak is planning's.
    console.log(`members:               ${N} ${existing !== N ? `generated in ${genSeconds.toFixed(1)} s` : 'migrated'}; peak RSS so far ${mb(peakRssKb())}; timing in a fresh process`);
    await ds.destroy();
    const child = spawnSync(process.execPath, [__filename, ...args, '--timed'], { stdio: 'inherit' });
    process.exit(child.status ?? 1);
  }

  // ---------------------------------------------------------------- floor vs planning
  // Same run, same data, same cache state: a warm-up of everything first, then RUNS repetitions, each
  // timing the birthday select, every occasion's plain select, the raw insert of the day's pre-rendered
  // rows, the whole day's planning and the birthdays alone, on a fresh outbox for the day (the day's rows
  // are deleted between runs, untimed). Medians are reported.
  const seconds = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
    const started = process.hrtime.bigint();
    const value = await work();
    return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
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
  const selects = candidateSelects(ds, config.CARE_CONFIG, DAY, tz);
  const birthdaySelect = candidateSelects(ds, birthdaysOnly, DAY, tz);

  // Warm-up (untimed): the days before are planned as a running service would have (long-time-no-see's
  // catch-up window and rotation read them), then the day itself once — its rows, read back, are the
  // floor's pre-rendered rows — then the selects and the raw insert once.
  await clearDay(DAY);
  for (let back = config.CARE_CONFIG.occasions.long_time_no_see.catchUpDays + 1; back >= 1; back--) await planOn(planner, addDays(DAY, -back));
  await planOn(planner, DAY);
  const preRendered = await readPlannedRows(ds, DAY);
  await clearDay(DAY);
  await runSelects(ds, selects);
  await rawInsert(ds, preRendered);
  await clearDay(DAY);

  const runs: { birthdaySelect: number; selects: number; selectRows: number; insert: number; day: number; birthdays: number; plan: PlanSummary; birthdayRows: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const bSelect = await seconds(() => runSelects(ds, birthdaySelect));
    const all = await seconds(() => runSelects(ds, selects));
    const insert = await seconds(() => rawInsert(ds, preRendered));
    await clearDay(DAY);
    const day = await seconds(() => planOn(planner, DAY));
    await clearDay(DAY);
    const birthdays = await seconds(() => planOn(birthdayPlanner, DAY));
    await clearDay(DAY);
    runs.push({
      birthdaySelect: bSelect.seconds,
      selects: all.seconds,
      selectRows: all.value,
      insert: insert.seconds,
      day: day.seconds,
      birthdays: birthdays.seconds,
      plan: day.value,
      birthdayRows: birthdays.value.planned,
    });
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const bSelectS = median(runs.map((r) => r.birthdaySelect));
  const selectsS = median(runs.map((r) => r.selects));
  const insertS = median(runs.map((r) => r.insert));
  const floorS = median(runs.map((r) => r.selects + r.insert));
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
    .map(([k, v]) => `${k} ${v!.planned} in ${v!.ms} ms`)
    .join(', ');
  const list = (pick: (r: (typeof runs)[number]) => number) => runs.map((r) => (pick(r) * 1000).toFixed(1)).join(' ');
  console.log(`database:              ${kind}`);
  console.log(`members:               ${N}${existing === N ? ' (reused)' : ` (generated in ${genSeconds.toFixed(1)} s)`}`);
  console.log(`day planned:           ${DAY}${plan.occasionsOfDay.length ? ` (${plan.occasionsOfDay.join('、')})` : ''}`);
  console.log(`rows planned:          ${plan.planned} (${by}); birthdays alone ${runs[0].birthdayRows}`);
  console.log(
    `runs:                  ${RUNS} after a warm-up, medians below (ms per run: selects ${list((r) => r.selects)} | insert ${list((r) => r.insert)} | day ${list((r) => r.day)} | birthdays ${list((r) => r.birthdays)})`,
  );
  console.log(`(b) plain selects:     ${fmt(selectsS)} s (${runs[0].selectRows} rows: SELECT * of every occasion's candidates, ${selects.length} queries)`);
  console.log(`(a) raw insert:        ${fmt(insertS)} s (${preRendered.rows.length} pre-rendered rows, multi-row INSERT into outbox_message)`);
  console.log(`floor (b)+(a):         ${fmt(floorS)} s`);
  console.log(`planning the day:      ${fmt(dayS)} s   ratio ${(dayS / floorS).toFixed(2)}x the floor  (target 2x)`);
  console.log(`birthday select:       ${fmt(bSelectS)} s; planning birthdays ${fmt(birthdayS)} s, ratio ${(birthdayS / bSelectS).toFixed(1)}x the select alone`);
  if (festival) console.log(`festival day:          ${festival.day} (${festival.label}): ${festival.planned} rows in ${festival.seconds.toFixed(2)} s`);
  console.log(
    `peak RSS:              ${mb(peakRssKb())} (process maximum of the timed process; after the timed runs: ${mb(rssAfterDay)}; at start: ${mb(baselineRss / 1024)}; ${RUNTIME}; target < 300 MB)`,
  );
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
