import type { DataSource } from 'typeorm';
import { dbKind } from '../../db/sql-dialect';
import { MemberLoss } from '../../loyalty';
import { Member } from '../../members';
import { Purchase } from '../../purchases';
import { dayjs, storeInstant } from '../../shared/store-time';
import type { Staff, StaffService } from '../../staff';
import { aggregatePerDay, type DayRow } from '../dashboard/store-days';
import type { RetentionFigures, RetentionPeriod, RetentionReport, RetentionUnit } from './retention.schema';

export interface RetentionReportDeps {
  ds: DataSource;
  staff: StaffService;
  timezone: string;
  /** DORMANT_AFTER_DAYS: a member without a purchase for longer has lapsed (dormant). */
  dormantDays: number;
}

export interface RetentionQuery {
  from: string;
  to: string;
  by: RetentionUnit;
}

/** One period of the report: the store days [from, to] as instants [start, end). */
interface Bucket {
  key: string;
  from: string;
  to: string;
  start: Date;
  end: Date;
}

type Counts = Omit<RetentionFigures, 'atEnd' | 'net' | 'retentionRate'> & { stayed: number };

/** Weeks start on Monday, months on the 1st; the first and last period are cut to the range. */
export function retentionBuckets(q: RetentionQuery, timezone: string): Bucket[] {
  const out: Bucket[] = [];
  let day = dayjs(q.from);
  const last = dayjs(q.to);
  while (!day.isAfter(last)) {
    const next = q.by === 'month' ? day.startOf('month').add(1, 'month') : day.subtract((day.day() + 6) % 7, 'day').add(7, 'day');
    const end = next.isAfter(last) ? last.add(1, 'day') : next;
    const from = day.format('YYYY-MM-DD');
    const endKey = end.format('YYYY-MM-DD');
    out.push({ key: from, from, to: end.subtract(1, 'day').format('YYYY-MM-DD'), start: storeInstant(from, '00:00', timezone), end: storeInstant(endKey, '00:00', timezone) });
    day = end;
  }
  return out;
}

const zero = (): Counts => ({ atStart: 0, new: 0, lost: 0, readded: 0, erased: 0, lapsed: 0, cameBack: 0, stayed: 0 });

function finish(c: Counts): RetentionFigures {
  const net = c.new - c.lost + c.readded - c.erased;
  const { stayed, ...figures } = c;
  return { ...figures, net, atEnd: c.atStart + net, retentionRate: c.atStart ? Math.round((stayed / c.atStart) * 1000) / 10 : null };
}

type Raw = Record<string, unknown>;
const idOf = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Members kept and lost per week or month of a period, for the store and per assistant (the members each
 * looks after now). Every figure is an aggregate over an index range; an assistant sees their own members.
 *   - at start: joined before the period, data not erased, not lost (removed the store account) then;
 *   - new (joined), lost (removed the account), readded (a lost member added the store again), erased;
 *     net = new − lost + readded − erased, so at end = at start + net;
 *   - lapsed: turned dormant in the period and not bought since (last purchase DORMANT_AFTER_DAYS before);
 *   - came back: bought again after more than DORMANT_AFTER_DAYS without buying;
 *   - retention rate: the share of the members at start who are still members at its end.
 */
export async function retentionReport(deps: RetentionReportDeps, q: RetentionQuery, viewer: Staff): Promise<RetentionReport> {
  const { ds } = deps;
  const buckets = retentionBuckets(q, deps.timezone);
  const first = buckets[0].start;
  const last = buckets[buckets.length - 1].end;
  const own = viewer.role === 'assistant' ? viewer.id : null;
  const scope = own === null ? '1 = 1' : 'm.assistantId = :own';
  const members = () => ds.getRepository(Member).createQueryBuilder('m').select('m.assistantId', 'assistantId').addSelect('COUNT(*)', 'n');
  const days = Number.isInteger(deps.dormantDays) ? deps.dormantDays : 90;
  const dormantMs = days * 86_400_000;
  // An instant DORMANT_AFTER_DAYS before a column's, in the database's own date arithmetic (both store UTC instants).
  const dormantBefore = (col: string) => (dbKind(ds) === 'sqlite' ? `strftime('%Y-%m-%d %H:%M:%f', ${col}, '-${days} days')` : `(${col} - INTERVAL ${days} DAY)`);
  const purchases = () =>
    ds
      .getRepository(Purchase)
      .createQueryBuilder('p')
      .innerJoin(Member, 'm', 'm.id = p.memberId')
      .select('m.assistantId', 'assistantId')
      .addSelect('COUNT(DISTINCT p.memberId)', 'n')
      .where(scope, { own })
      .andWhere('m.erasedAt IS NULL')
      .groupBy('m.assistantId');

  const [atStart, lostAtStart, joined, lapsed, cameBack, losses, erased] = await Promise.all([
    members()
      .where('m.createdAt < :first', { first })
      .andWhere('(m.erasedAt IS NULL OR m.erasedAt >= :first)')
      .andWhere(scope, { own })
      .groupBy('m.assistantId')
      .getRawMany<Raw>(),
    ds
      .getRepository(MemberLoss)
      .createQueryBuilder('l')
      .innerJoin(Member, 'm', 'm.id = l.memberId')
      .select('m.assistantId', 'assistantId')
      .addSelect('COUNT(DISTINCT l.memberId)', 'n')
      .where('l.lostAt < :first AND (l.returnedAt IS NULL OR l.returnedAt >= :first)', { first })
      .andWhere('m.createdAt < :first AND (m.erasedAt IS NULL OR m.erasedAt >= :first)')
      .andWhere(scope, { own })
      .groupBy('m.assistantId')
      .getRawMany<Raw>(),
    aggregatePerDay(ds, buckets, (b) => members().where('m.createdAt >= :start AND m.createdAt < :end', { start: b.start, end: b.end }).andWhere(scope, { own }).groupBy('m.assistantId')),
    // Lapsed in the period, as on the dashboard: the last purchase was DORMANT_AFTER_DAYS before (none since).
    aggregatePerDay(ds, buckets, (b) =>
      members()
        .where('m.lastPurchaseAt >= :start AND m.lastPurchaseAt < :end', { start: new Date(b.start.getTime() - dormantMs), end: new Date(b.end.getTime() - dormantMs) })
        .andWhere('m.erasedAt IS NULL')
        .andWhere(scope, { own })
        .groupBy('m.assistantId'),
    ),
    // Came back: a purchase in the period whose member's purchase before it is more than DORMANT_AFTER_DAYS older
    // (one descent of the member's purchase index per purchase: the costliest figure here).
    aggregatePerDay(ds, buckets, (b) =>
      purchases()
        .andWhere('p.purchasedAt >= :start AND p.purchasedAt < :end', { start: b.start, end: b.end })
        .andWhere(`(SELECT MAX(q.purchasedAt) FROM purchase q WHERE q.memberId = p.memberId AND q.purchasedAt < p.purchasedAt) < ${dormantBefore('p.purchasedAt')}`),
    ),
    // Losses and returns in the period, few: read as rows so a member lost and back in one week counts right.
    ds
      .getRepository(MemberLoss)
      .createQueryBuilder('l')
      .innerJoin(Member, 'm', 'm.id = l.memberId')
      .select(['l.memberId AS memberId', 'l.lostAt AS lostAt', 'l.returnedAt AS returnedAt', 'm.assistantId AS assistantId', 'm.createdAt AS createdAt'])
      .where('((l.lostAt >= :first AND l.lostAt < :last) OR (l.returnedAt >= :first AND l.returnedAt < :last))', { first, last })
      .andWhere('(m.erasedAt IS NULL OR m.erasedAt >= :first)')
      .andWhere(scope, { own })
      .getRawMany<Raw>(),
    ds
      .getRepository(Member)
      .createQueryBuilder('m')
      .select(['m.assistantId AS assistantId', 'm.createdAt AS createdAt', 'm.erasedAt AS erasedAt'])
      .where('m.erasedAt >= :first AND m.erasedAt < :last', { first, last })
      .andWhere("m.lifecycle <> 'lost'")
      .andWhere(scope, { own })
      .getRawMany<Raw>(),
  ]);

  // Figures per period and assistant (null: members without an assistant).
  const table = buckets.map(() => new Map<number | null, Counts>());
  const cell = (i: number, assistantId: number | null) => {
    let c = table[i].get(assistantId);
    if (!c) table[i].set(assistantId, (c = zero()));
    return c;
  };
  const add = (rows: DayRow[], key: keyof Counts) => {
    for (const r of rows) cell(r.dayIndex, idOf(r.assistantId))[key] += Number(r.n);
  };
  for (const r of atStart) cell(0, idOf(r.assistantId)).atStart += Number(r.n);
  for (const r of lostAtStart) cell(0, idOf(r.assistantId)).atStart -= Number(r.n);
  add(joined, 'new');
  add(lapsed, 'lapsed');
  add(cameBack, 'cameBack');
  const toDate = (v: unknown) => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
  const bucketOf = (at: Date) => buckets.findIndex((b) => at >= b.start && at < b.end);
  // Who left during each period among those there at its start: for the retention rate.
  const leftOfStart = buckets.map(() => new Map<number | null, Set<string>>());
  const leaves = (i: number, assistantId: number | null, who: string) => {
    const set = leftOfStart[i].get(assistantId) ?? new Set<string>();
    leftOfStart[i].set(assistantId, set.add(who));
  };
  for (const r of losses) {
    const a = idOf(r.assistantId);
    const lostAt = toDate(r.lostAt);
    const i = bucketOf(lostAt);
    if (i >= 0) {
      cell(i, a).lost += 1;
      if (toDate(r.createdAt) < buckets[i].start) leaves(i, a, `m${String(r.memberId)}`);
    }
    const j = r.returnedAt === null || r.returnedAt === undefined ? -1 : bucketOf(toDate(r.returnedAt));
    if (j >= 0) cell(j, a).readded += 1;
  }
  erased.forEach((r, n) => {
    const a = idOf(r.assistantId);
    const i = bucketOf(toDate(r.erasedAt));
    if (i < 0) return;
    cell(i, a).erased += 1;
    if (toDate(r.createdAt) < buckets[i].start) leaves(i, a, `e${n}`);
  });

  // Each period starts where the one before ended.
  const ids = new Set<number | null>(table.flatMap((t) => [...t.keys()]));
  for (const a of await deps.staff.assistants()) if (own === null || a.id === own) ids.add(a.id);
  for (let i = 0; i < buckets.length; i++) {
    for (const id of ids) {
      const c = cell(i, id);
      if (i > 0) c.atStart = finish(cell(i - 1, id)).atEnd;
      c.stayed = Math.max(0, c.atStart - (leftOfStart[i].get(id)?.size ?? 0));
    }
  }
  const sum = (cs: Counts[]): Counts => {
    const s = zero();
    for (const c of cs) for (const k of Object.keys(s) as (keyof Counts)[]) s[k] += c[k];
    return s;
  };
  const periods: RetentionPeriod[] = buckets.map((b, i) => ({ key: b.key, from: b.from, to: b.to, ...finish(sum([...table[i].values()])) }));
  // Over the whole range: at start of the first period; the rate is the chained product of the periods' rates.
  const overRange = (id: number | null | 'all'): RetentionFigures => {
    const per = buckets.map((_, i) => (id === 'all' ? sum([...table[i].values()]) : cell(i, id)));
    const s = sum(per);
    s.atStart = per[0].atStart;
    let kept = 1;
    for (const c of per) kept *= c.atStart ? c.stayed / c.atStart : 1;
    s.stayed = Math.round(kept * s.atStart);
    return finish(s);
  };
  // Names of every staff row: members may still sit with an assistant who has left.
  const names = new Map((await deps.staff.repo.find()).map((a) => [a.id, a.name]));
  const byAssistant = [...ids]
    .sort((x, y) => (x ?? Infinity) - (y ?? Infinity))
    .map((id) => ({ assistantId: id, name: id === null ? '' : (names.get(id) ?? ''), ...overRange(id) }));
  return { from: q.from, to: q.to, by: q.by, dormantDays: days, periods, totals: overRange('all'), assistants: byAssistant };
}
