import type { Occasion } from '../outbox';
import { storeInstant } from '../shared/store-time';
import type { CareConfig, CareMode } from './care.config-schema';
import { addDays, parseYmd } from './occasion-calendar';
import { isLive, LIVE, lookback, memberSelect, type Candidate, type MemberRow, type OccasionSummary, type PlanContext, type PlannerSql } from './planner-sql';

/** Renders and inserts one batch of candidates (the planner's `insert`). */
export type InsertBatch = (
  plan: PlanContext,
  occasion: Occasion,
  templateKey: string,
  cfg: { sendTime: string; mode: CareMode },
  cands: Candidate[],
  meta: Record<string, unknown>,
) => Promise<OccasionSummary>;

export interface AfterEventDeps {
  sql: PlannerSql;
  care: CareConfig;
  timezone: string;
  insert: InsertBatch;
}

/*
 * Occasions that follow an event (the last activity, a purchase) rather than a calendar day: each has
 * its own query, one per batch, over the index of the event's column.
 */

/**
 * No purchase and no chat for N days: the member's last activity (the later of last contact and last
 * purchase) fell N days ago — or up to catchUpDays more, if planning did not run that day — and no
 * long-time-no-see row was planned since that activity. One message per quiet spell.
 *
 * All in SQL, one query per batch: the latest activity is the last contact, or strictly the last
 * purchase (two disjoint passes, each walking the index of its column in (column, id) order, so only
 * the window's members are read, never the member table); "planned since the spell began" is an index
 * probe into the outbox, as is the previous variant.
 */
export async function planLongTimeNoSee(deps: AfterEventDeps, plan: PlanContext, add: (n: OccasionSummary) => void): Promise<void> {
  const cfg = deps.care.occasions.long_time_no_see;
  const tz = deps.timezone;
  const firstDay = addDays(plan.day, -cfg.days - cfg.catchUpDays);
  // Start instants of the window's store days: the store day of a member's last activity is a CASE
  // over them, no time-zone conversion per member.
  const days = Array.from({ length: cfg.catchUpDays + 2 }, (_, k) => {
    const key = addDays(firstDay, k);
    return { key, start: deps.sql.dateParam(storeInstant(key, '00:00', tz)) };
  });
  const from = days[0].start;
  const to = days[days.length - 1].start;
  const todayStart = storeInstant(plan.day, '00:00', tz).getTime();
  const batch = deps.care.batchSize;
  const select = memberSelect(lookback('long_time_no_see', plan.day));
  // `covered`: the column's index also holds the other column and erasedAt (idx_member_last_purchase),
  // so the id subquery checks them too. The last-contact index holds only the id: checking them there
  // would read every row of the window; they are read as flags for the batch's members instead.
  const passes = [
    { column: 'lastContactAt', other: 'lastPurchaseAt', cmp: '<=', covered: false },
    { column: 'lastPurchaseAt', other: 'lastContactAt', cmp: '<', covered: true },
  ] as const;
  for (const { column, other, cmp, covered } of passes) {
    const activityDay = `CASE ${days
      .slice(1)
      .reverse()
      .map(() => `WHEN m.${column} >= ? THEN ?`)
      .join(' ')} ELSE ? END`;
    const activityDayParams = [
      ...days
        .slice(1)
        .reverse()
        .flatMap((d) => [d.start, d.key]),
      days[0].key,
    ];
    // Due unless a row was planned after the day of the member's last activity. The batch's ids are
    // picked first, within the column's index (it holds the id) and the outbox's covering index: most
    // members of the catch-up window were planned on an earlier day, and their rows are never read.
    // The other activity column and erasure are read for the batch only, as flags.
    const ids =
      `SELECT m.id FROM member m WHERE m.${column} >= ? AND m.${column} < ? AND (m.${column} > ? OR m.id > ?)` +
      (covered ? ` AND (m.${other} IS NULL OR m.${other} ${cmp} m.${column}) AND m.erasedAt IS NULL` : '') +
      ` AND NOT EXISTS (SELECT 1 FROM outbox_message o WHERE o.memberId = m.id AND o.occasion = 'long_time_no_see' AND o.occasionDate > ${activityDay} AND o.occasionDate < ?)` +
      ` ORDER BY m.${column}, m.id LIMIT ${batch}`;
    const sql =
      `${select.sql}, ${LIVE}, CASE WHEN m.${other} IS NULL OR m.${other} ${cmp} m.${column} THEN 1 ELSE 0 END AS latest` +
      ` FROM (${ids}) k JOIN member m ON m.id = k.id ORDER BY m.${column}, m.id`;
    let lo: unknown = from;
    let afterId = 0;
    for (;;) {
      const rows = await deps.sql.memberRows(sql, [...select.params, lo, to, lo, afterId, ...activityDayParams, plan.day]);
      if (!rows.length) break;
      const due = rows.filter((m) => isLive(m) && Number((m as MemberRow & { latest: number | string }).latest) === 1);
      const cands = due.map((m) => ({ member: m, vars: { days: Math.floor((todayStart - lastActivity(m)) / 86_400_000) } }));
      if (cands.length) add(await deps.insert(plan, 'long_time_no_see', 'care.long_time_no_see.variants', cfg, cands, { label: '好久不见' }));
      if (rows.length < batch) break;
      const last = rows[rows.length - 1];
      lo = last[column];
      afterId = last.id;
    }
  }
}

/**
 * Follow-ups N days after a purchase (any purchase, or the member's first one): one per member per
 * purchase day. One query per batch reads the day's purchase lines with their member, member by member.
 */
export async function planAfterPurchase(deps: AfterEventDeps, plan: PlanContext, occasion: 'post_purchase' | 'first_purchase_followup', add: (n: OccasionSummary) => void): Promise<void> {
  const cfg = deps.care.occasions[occasion];
  const tz = deps.timezone;
  const purchaseDay = addDays(plan.day, -cfg.days);
  const dayStart = deps.sql.dateParam(storeInstant(purchaseDay, '00:00', tz));
  const window = [dayStart, deps.sql.dateParam(storeInstant(addDays(purchaseDay, 1), '00:00', tz)), dayStart];
  const prev = memberSelect(lookback(occasion, plan.day));
  // Refunds (negative amounts) are not purchases; and a member who returned something since the
  // purchase day is not asked how the purchase works for them (their assistant decides what to say).
  const select = `${prev.sql}, p.items AS items FROM purchase p JOIN member m ON m.id = p.memberId WHERE p.purchasedAt >= ? AND p.purchasedAt < ?${
    occasion === 'first_purchase_followup' ? ' AND p.isFirstPurchase = 1' : ''
  } AND p.amountFen >= 0 AND NOT EXISTS (SELECT 1 FROM purchase r WHERE r.memberId = p.memberId AND r.amountFen < 0 AND r.purchasedAt >= ?) AND m.erasedAt IS NULL`;
  const batch = deps.care.batchSize;
  const { month, day } = parseYmd(purchaseDay);
  let after = 0;
  for (;;) {
    let lines = await deps.sql.query<MemberRow & { items: string }>(`${select} AND p.memberId > ? ORDER BY p.memberId, p.id LIMIT ${batch}`, [...prev.params, ...window, after]);
    if (!lines.length) break;
    const full = lines.length === batch;
    if (full) {
      const lastId = Number(lines[lines.length - 1].id);
      // The last member's lines may go on past the batch: all of them when they fill it alone, else
      // they are left to the next batch.
      lines = Number(lines[0].id) === lastId ? await deps.sql.query(`${select} AND p.memberId = ? ORDER BY p.id`, [...prev.params, ...window, lastId]) : lines.filter((l) => Number(l.id) !== lastId);
    }
    const byMember = new Map<number, { member: MemberRow; items: string[] }>();
    for (const l of lines) {
      const id = Number(l.id);
      const g = byMember.get(id);
      if (g) g.items.push(l.items);
      else byMember.set(id, { member: { ...l, id }, items: [l.items] });
    }
    const cands = [...byMember.values()].map((g) => ({ member: g.member, vars: { items: itemsText(g.items), purchaseDate: `${month}月${day}日` } }));
    add(await deps.insert(plan, occasion, `care.${occasion}.variants`, cfg, cands, { label: occasion === 'post_purchase' ? '购后回访' : '首购回访', purchaseDate: purchaseDay }));
    if (!full) break;
    after = cands[cands.length - 1].member.id;
  }
}

function toTime(v: Date | string | null): number {
  if (v === null || v === undefined) return -Infinity;
  if (v instanceof Date) return v.getTime();
  // SQLite raw rows carry datetimes as text in UTC ('YYYY-MM-DD HH:MM:SS.SSS').
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`).getTime();
}

function lastActivity(m: MemberRow): number {
  return Math.max(toTime(m.lastContactAt), toTime(m.lastPurchaseAt));
}

/** What was bought, short enough for a chat line: 羊毛大衣、围巾 等. */
function itemsText(items: string[]): string {
  const unique = [...new Set(items.map((i) => i.trim()).filter(Boolean))];
  if (!unique.length) return '商品';
  const joined = unique.slice(0, 2).join('、');
  const short = Array.from(joined).length > 20 ? `${Array.from(joined).slice(0, 18).join('')}…` : joined;
  return unique.length > 2 ? `${short}等` : short;
}

