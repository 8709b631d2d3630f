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
