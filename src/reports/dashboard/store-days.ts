import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dayjs, storeInstant } from '../../shared/store-time';

/** One store day: its key and its [start, end) instants. */
export interface StoreDay {
  key: string;
  start: Date;
  end: Date;
}

/** The `count` store days ending with the one `now` falls in, oldest first. */
export function storeDaysEndingAt(now: Date, timezone: string, count: number): StoreDay[] {
  const today = dayjs(now).tz(timezone).format('YYYY-MM-DD');
  return Array.from({ length: count }, (_, i) => {
    const key = dayjs(today).subtract(count - 1 - i, 'day').format('YYYY-MM-DD');
    return { key, start: storeInstant(key, '00:00', timezone), end: storeInstant(dayjs(key).add(1, 'day').format('YYYY-MM-DD'), '00:00', timezone) };
  });
}

export type DayRow = Record<string, unknown> & { dayIndex: number };

/**
 * Runs one aggregate per store day as a single statement (`… UNION ALL …`), each branch an index range
 * over its own day: the day bounds are instants computed in the store time zone, so the figures are store
 * days on SQLite and MariaDB alike, with no date function of either and each row read once. `branch`
 * builds the day's query (without ORDER BY or LIMIT); its rows come back with `dayIndex`.
 */
export async function aggregatePerDay<T extends ObjectLiteral>(ds: DataSource, days: StoreDay[], branch: (day: StoreDay) => SelectQueryBuilder<T>): Promise<DayRow[]> {
  const parts = days.map((d, i) => branch(d).addSelect(String(i), 'dayIndex').getQueryAndParameters());
  const rows = (await ds.query(parts.map(([sql]) => sql).join(' UNION ALL '), parts.flatMap(([, params]) => params))) as Record<string, unknown>[];
  return rows.map((r) => ({ ...r, dayIndex: Number(r.dayIndex) }));
}

/** One number per day from aggregatePerDay's rows (MariaDB answers SUM as a decimal string). */
export function perDay(rows: DayRow[], days: StoreDay[], column: string): number[] {
  const out = days.map(() => 0);
  for (const r of rows) out[r.dayIndex] += Number(r[column] ?? 0);
  return out;
}
