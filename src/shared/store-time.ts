import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface StoreDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** Calendar date of an instant in the store's time zone. */
export function storeDate(at: Date, tz: string): StoreDate {
  const d = dayjs(at).tz(tz);
  return { year: d.year(), month: d.month() + 1, day: d.date() };
}

/** YYYY-MM-DD of an instant in store time. */
export function storeDateKey(at: Date, tz: string): string {
  return dayjs(at).tz(tz).format('YYYY-MM-DD');
}

/** Minutes since midnight in store time. */
export function storeMinuteOfDay(at: Date, tz: string): number {
  const d = dayjs(at).tz(tz);
  return d.hour() * 60 + d.minute();
}

/** The instant of a given store-local date and HH:MM. */
export function storeInstant(date: StoreDate | string, hhmm: string, tz: string): Date {
  const ymd =
    typeof date === 'string'
      ? date
      : `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  return dayjs.tz(`${ymd} ${hhmm}`, 'YYYY-MM-DD HH:mm', tz).toDate();
}

export function parseHhmm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether a store-local minute falls in a window that may wrap midnight (e.g. 21:00–09:00). */
export function inWindow(minute: number, startHhmm: string, endHhmm: string): boolean {
  const start = parseHhmm(startHhmm);
  const end = parseHhmm(endHhmm);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function formatStoreTime(at: Date, tz: string, pattern = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(at).tz(tz).format(pattern);
}

export { dayjs };

/** Start and end (exclusive) of the store day an instant falls in. */
export function storeDayBounds(now: Date, tz: string): { start: Date; end: Date; key: string } {
  const d = dayjs(now).tz(tz);
  const key = d.format('YYYY-MM-DD');
  const start = storeInstant(key, '00:00', tz);
  const end = storeInstant(d.add(1, 'day').format('YYYY-MM-DD'), '00:00', tz);
  return { start, end, key };
}

/** Store-local YYYY-MM → [start, end) instants. */
export function monthBounds(month: string, tz: string): { start: Date; end: Date } {
  const start = storeInstant(`${month}-01`, '00:00', tz);
  const end = storeInstant(dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM-DD'), '00:00', tz);
  return { start, end };
}

/** Quarter key (2026Q4) and its first day, of an instant in store time. */
export function quarterOf(now: Date, tz: string): { key: string; firstDay: string } {
  const d = dayjs(now).tz(tz);
  const q = Math.floor(d.month() / 3) + 1;
  return { key: `${d.year()}Q${q}`, firstDay: `${d.year()}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01` };
}
