import { inWindow, storeDayBounds, storeMinuteOfDay } from '../shared/store-time';

/**
 * The store day and minute of an instant, remembered: the dispatcher asks for them several times per
 * message, and the time-zone arithmetic was a fifth of its CPU time. Exact, not approximate: every
 * instant inside a day's [start, end) has that day's bounds, and every instant inside one UTC minute has
 * the same store-local minute (time-zone offsets are whole minutes).
 */
let lastDay: { tz: string; start: number; end: number; bounds: { start: Date; end: Date; key: string } } | null = null;
let lastMinute: { tz: string; minute: number; ofDay: number } | null = null;

/** storeDayBounds, from memory while the instant falls in the last day asked for. */
export function storeDay(now: Date, tz: string): { start: Date; end: Date; key: string } {
  const t = now.getTime();
  if (lastDay && lastDay.tz === tz && t >= lastDay.start && t < lastDay.end) return lastDay.bounds;
  const bounds = storeDayBounds(now, tz);
  lastDay = { tz, start: bounds.start.getTime(), end: bounds.end.getTime(), bounds };
  return bounds;
}

/** YYYY-MM-DD of an instant in store time (see storeDay). */
export function storeDayKey(now: Date, tz: string): string {
  return storeDay(now, tz).key;
}

/** Whether an instant falls in a store-local window of the day (HH:MM to HH:MM, may wrap midnight). */
export function inStoreWindow(now: Date, tz: string, startHhmm: string, endHhmm: string): boolean {
  const minute = Math.floor(now.getTime() / 60_000);
  if (!lastMinute || lastMinute.tz !== tz || lastMinute.minute !== minute) lastMinute = { tz, minute, ofDay: storeMinuteOfDay(now, tz) };
  return inWindow(lastMinute.ofDay, startHhmm, endHhmm);
}
