import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../outbox';
import { storeInstant } from '../shared/store-time';

export interface OnTimeFigure {
  occasion: string;
  /** Rows planned for a day of the range that has begun (every status: a row skipped for any reason was planned). */
  planned: number;
  /** Of those, sent on their occasion's store day. */
  onTime: number;
  /** onTime ÷ planned, rounded to three places; null when nothing was planned. */
  rate: number | null;
}

/** The on-time rate of a count: three places, null for nothing planned. */
export function onTimeRate(onTime: number, planned: number): number | null {
  return planned > 0 ? Math.round((onTime / planned) * 1000) / 1000 : null;
}

/** The store days from `from` to `to` inclusive (YYYY-MM-DD). */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); ; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (d > to) return out;
    out.push(d);
  }
}

/**
 * Per occasion: of the rows planned for the days from `from` to `to` (store-local, inclusive), how many
 * were sent on their occasion day. One grouped scan; "on its day" is a comparison of sentAt with the
 * bounds of the row's own day, one OR branch per day (plain column-to-value comparisons, the same on
 * SQLite and MySQL). `assistantId` narrows it to one assistant's members.
 */
export async function onTimeByOccasion(ds: DataSource, timezone: string, from: string, to: string, assistantId?: number): Promise<OnTimeFigure[]> {
  const days = daysOf(from, to);
  if (!days.length) return [];
  const params: Record<string, unknown> = { sent: 'sent', from, to };
  const onItsDay = days
    .map((day, i) => {
      params[`d${i}`] = day;
      params[`s${i}`] = storeInstant(day, '00:00', timezone);
      params[`e${i}`] = storeInstant(nextDay(day), '00:00', timezone);
      return `(o.occasionDate = :d${i} AND o.sentAt >= :s${i} AND o.sentAt < :e${i})`;
    })
    .join(' OR ');
  const qb = ds
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .select('o.occasion', 'occasion')
    .addSelect('COUNT(*)', 'planned')
    .addSelect(`SUM(CASE WHEN o.status = :sent AND (${onItsDay}) THEN 1 ELSE 0 END)`, 'onTime')
    .where('o.occasionDate >= :from AND o.occasionDate <= :to')
    .setParameters(params)
    .groupBy('o.occasion')
    .orderBy('o.occasion', 'ASC');
  if (assistantId !== undefined) qb.andWhere('o.assistantId = :assistantId', { assistantId });
  const rows = await qb.getRawMany<{ occasion: string; planned: string | number; onTime: string | number | null }>();
  return rows.map((r) => {
    const planned = Number(r.planned);
    const onTime = Number(r.onTime ?? 0);
    return { occasion: r.occasion, planned, onTime, rate: onTimeRate(onTime, planned) };
  });
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Skipped rows due in [start, end) by reason (`capacity`, `expired`, `opted_out`, …). */
export async function skipReasons(ds: DataSource, start: Date, end: Date, assistantId?: number): Promise<Record<string, number>> {
  const qb = ds
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .select('o.reason', 'reason')
    .addSelect('COUNT(*)', 'n')
    .where('o.status = :s', { s: 'skipped' })
    .andWhere('o.dueAt >= :start AND o.dueAt < :end', { start, end })
    .groupBy('o.reason');
  if (assistantId !== undefined) qb.andWhere('o.assistantId = :assistantId', { assistantId });
  const out: Record<string, number> = {};
  for (const r of await qb.getRawMany<{ reason: string | null; n: string | number }>()) out[r.reason ?? 'unknown'] = Number(r.n);
  return out;
}
