/**
 * bench:care's physical floor for planning a day: what no planner can avoid.
 *
 * (b) The plain selects of the day's candidates: for every occasion planned that day, a `SELECT *` of the
 *     members it applies to, by the same indexed columns, with nothing else (no previous variant, no
 *     "already planned" check, no batching).
 * (a) A raw multi-row INSERT of the rows the planner wrote, pre-rendered (read back from the outbox once),
 *     into the outbox table itself, emptied of the day's rows before — same table, same indexes, same
 *     neighbours — in as few statements as the drivers' placeholder limits allow.
 * The floor is (b) + (a).
 */
import type { DataSource } from 'typeorm';
import type { CareConfig } from '../src/care/care.config-schema';
import { addDays, birthdayQueryFor, FESTIVALS, festivalsOn, seasonStartOn, TARGETED_FESTIVALS } from '../src/care/occasion-calendar';
import { AUDIENCE_WHERE } from '../src/care/planner-sql';
import { OutboxMessage } from '../src/outbox/outbox-message.entity';
import { storeInstant } from '../src/shared/store-time';

export interface PlainSelect {
  occasion: string;
  sql: string;
  params: unknown[];
}

const ph = (n: number) => Array(n).fill('?').join(', ');

/** Every occasion's candidate select for `day`, as the planner's own calendar decides which apply. */
export function candidateSelects(ds: DataSource, care: CareConfig, day: string, tz: string): PlainSelect[] {
  const o = care.occasions;
  const column = ds.getMetadata(OutboxMessage).findColumnWithPropertyName('dueAt')!;
  const at = (d: string, hhmm = '00:00') => ds.driver.preparePersistentValue(storeInstant(d, hhmm, tz), column);
  const out: PlainSelect[] = [];
  if (o.birthday.enabled) {
    const q = birthdayQueryFor(addDays(day, -o.birthday.offsetDays));
    out.push({
      occasion: 'birthday',
      sql: `SELECT * FROM member WHERE erasedAt IS NULL AND ((birthdayCalendar = 'solar' AND birthMonth = ? AND birthDay IN (${ph(q.solar.days.length)})) OR (birthdayCalendar = 'lunar' AND birthMonth = ? AND birthDay IN (${ph(q.lunar.days.length)})))`,
      params: [q.solar.month, ...q.solar.days, q.lunar.month, ...q.lunar.days],
    });
  }
  const everyone = (occasion: string, where = '') => out.push({ occasion, sql: `SELECT * FROM member WHERE erasedAt IS NULL${where}`, params: [] });
  if (o.festival.enabled && festivalsOn(FESTIVALS, addDays(day, -o.festival.offsetDays), o.festival.festivals).length) everyone('festival');
  const [targeted] = o.targeted_festival.enabled ? festivalsOn(TARGETED_FESTIVALS, addDays(day, -o.targeted_festival.offsetDays), o.targeted_festival.festivals) : [];
  if (targeted) everyone('targeted_festival', ` AND ${AUDIENCE_WHERE[targeted.audience].replace(/\bm\./g, '')}`);
  if (o.season.enabled && seasonStartOn(addDays(day, -o.season.offsetDays))) everyone('season');
  if (o.long_time_no_see.enabled) {
    // In steady state (planning ran every day) today's quiet spells are the members whose last activity
    // fell on the one store day `days` ago: by last contact, or strictly by last purchase.
    const quietDay = addDays(day, -o.long_time_no_see.days);
    const window = [at(quietDay), at(addDays(quietDay, 1))];
    out.push({
      occasion: 'long_time_no_see',
      sql: 'SELECT * FROM member WHERE lastContactAt >= ? AND lastContactAt < ? AND (lastPurchaseAt IS NULL OR lastPurchaseAt <= lastContactAt) AND erasedAt IS NULL',
      params: window,
    });
    out.push({
      occasion: 'long_time_no_see',
      sql: 'SELECT * FROM member WHERE lastPurchaseAt >= ? AND lastPurchaseAt < ? AND (lastContactAt IS NULL OR lastContactAt < lastPurchaseAt) AND erasedAt IS NULL',
      params: window,
    });
  }
  for (const occasion of ['post_purchase', 'first_purchase_followup'] as const) {
    if (!o[occasion].enabled) continue;
    const purchaseDay = addDays(day, -o[occasion].days);
    out.push({
      occasion,
      sql: `SELECT m.*, p.items FROM purchase p JOIN member m ON m.id = p.memberId WHERE p.purchasedAt >= ? AND p.purchasedAt < ?${occasion === 'first_purchase_followup' ? ' AND p.isFirstPurchase = 1' : ''} AND m.erasedAt IS NULL`,
      params: [at(purchaseDay), at(addDays(purchaseDay, 1))],
    });
  }
  return out;
}

/** Runs the selects one after the other (as the planner does); returns the rows read. */
export async function runSelects(ds: DataSource, selects: PlainSelect[]): Promise<number> {
  let rows = 0;
  for (const s of selects) rows += ((await ds.query(s.sql, s.params)) as unknown[]).length;
  return rows;
}

/** The day's outbox rows as the planner wrote them, ready to be inserted again. */
export interface PreRendered {
  columns: string[];
  rows: unknown[][];
}

export async function readPlannedRows(ds: DataSource, day: string): Promise<PreRendered> {
  const meta = ds.getMetadata(OutboxMessage);
  const columns = meta.columns.filter((c) => !c.isGenerated).map((c) => c.databaseName);
  const raw = (await ds.query(`SELECT ${columns.join(', ')} FROM outbox_message WHERE occasionDate = ? ORDER BY id`, [day])) as Record<string, unknown>[];
  return { columns, rows: raw.map((r) => columns.map((c) => r[c])) };
}

/** SQLite binds at most 32,766 values a statement; MySQL's text protocol has no such limit, the same chunks keep it comparable. */
const MAX_PARAMS = 32_000;

export async function rawInsert(ds: DataSource, pre: PreRendered): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / pre.columns.length));
  const tuple = `(${pre.columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < pre.rows.length; i += perStatement) {
    const chunk = pre.rows.slice(i, i + perStatement);
    await ds.query(`INSERT INTO outbox_message (${pre.columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}
