import { HolidayUtil } from 'lunar-typescript';
import type { DayHours, WeeklyHours } from './store-hours.config-schema';
import { dayjs, storeDateKey, storeInstant } from './store-time';

export type { DayHours, WeeklyHours } from './store-hours.config-schema';
export { DEFAULT_STORE_HOURS, parseStoreHours } from './store-hours.config-schema';

const MINUTE = 60_000;
// A calendar with no open day within ten years is a bug, not a long wait: stop instead of looping.
const MAX_DAYS = 3660;

export interface StoreCalendarOptions {
  weekly: WeeklyHours;
  timezone: string;
  /**
   * `cn`: China's public holidays are closed days and the official make-up working days (调休) are open
   * with working-day hours, from lunar-typescript's HolidayUtil (the State Council's yearly notices;
   * a year it does not know yet counts as ordinary weeks). `none`: the weekly hours alone.
   */
  holidays: 'cn' | 'none';
}

/** What kind of day a store-local date is, and its hours. */
export interface StoreDay {
  date: string;
  kind: 'regular' | 'holiday' | 'make_up_workday';
  /** The holiday's name from the calendar (国庆节, 春节调休 …). */
  holiday: string | null;
  hours: DayHours | null;
}

/**
 * The store's clock for deadlines: time counts only while the store is open. Pure (the holiday table is
 * data inside lunar-typescript), so deadlines, the promise told to the member and reports agree.
 */
export interface StoreCalendar {
  day(date: string): StoreDay;
  /** The instant `minutes` of opening time after `from` (a moment outside hours starts at the next opening). */
  addOpenMinutes(from: Date, minutes: number): Date;
  /** The latest instant from which `minutes` of opening time reach `to`: the inverse of addOpenMinutes. */
  subtractOpenMinutes(to: Date, minutes: number): Date;
  /**
   * The instant `minutes` of working-day time after `from`: the clock starts at the next opening and runs
   * day and night through working days, skipping whole closed days (holidays, closed weekdays); an end
   * outside opening hours moves to the next opening. "Within 24 hours" of a complaint filed on Sunday
   * 10:00 is Monday 10:00; filed on 30 September, 8 October (国庆 between).
   */
  addWorkingDayMinutes(from: Date, minutes: number): Date;
  /** `at` when the store is open then (closing time included), else the next opening. */
  nextOpen(at: Date): Date;
  /** Opening time between two instants, in minutes (0 when `to` is not after `from`). */
  openMinutesBetween(from: Date, to: Date): number;
  /** The store's opening window of the day `at` falls on, null when that day is closed. */
  windowOf(at: Date): { start: Date; end: Date } | null;
}

const nextDate = (date: string, days: number) => dayjs(date).add(days, 'day').format('YYYY-MM-DD');

export function storeCalendar(opts: StoreCalendarOptions): StoreCalendar {
  const { weekly, timezone: tz } = opts;
  // A make-up working day replaces a weekday: it keeps the hours of the first open day Monday–Friday.
  const workdayHours = [1, 2, 3, 4, 5].map((d) => weekly[d]).find((h) => h) ?? null;
  const cache = new Map<string, StoreDay>();

  const day = (date: string): StoreDay => {
    const cached = cache.get(date);
    if (cached) return cached;
    const regular = weekly[dayjs(date).day()] ?? null;
    let out: StoreDay = { date, kind: 'regular', holiday: null, hours: regular };
    if (opts.holidays === 'cn') {
      const h = HolidayUtil.getHoliday(date);
      if (h && h.getDay() === date) {
        out = h.isWork()
          ? { date, kind: 'make_up_workday', holiday: h.getName(), hours: regular ?? workdayHours }
          : { date, kind: 'holiday', holiday: h.getName(), hours: null };
      }
    }
    if (cache.size > 4000) cache.clear();
    cache.set(date, out);
    return out;
  };

  const window = (date: string): { start: Date; end: Date } | null => {
    const hours = day(date).hours;
    if (!hours) return null;
    const midnight = storeInstant(date, '00:00', tz).getTime();
    // Minutes from midnight, not HH:MM: 24:00 and days of other lengths stay exact.
    const at = (minute: number) => new Date(dayjs(midnight).tz(tz).add(minute, 'minute').valueOf());
    return { start: at(hours.open), end: at(hours.close) };
  };

  const nextOpen = (at: Date): Date => {
    let date = storeDateKey(at, tz);
    for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date, 1)) {
      const w = window(date);
      if (w && at.getTime() <= w.end.getTime()) return new Date(Math.max(at.getTime(), w.start.getTime()));
    }
    throw new Error('store calendar: no opening hours found');
  };

  return {
    day,
    nextOpen,
    windowOf: (at) => window(storeDateKey(at, tz)),

    addWorkingDayMinutes(from, minutes) {
      let left = minutes * MINUTE;
      const t = nextOpen(from).getTime();
      let date = storeDateKey(new Date(t), tz);
      for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date, 1)) {
        if (!day(date).hours) continue;
        const start = Math.max(t, storeInstant(date, '00:00', tz).getTime());
        const available = storeInstant(nextDate(date, 1), '00:00', tz).getTime() - start;
        if (left <= available) return nextOpen(new Date(start + left));
        left -= available;
      }
      throw new Error('store calendar: no opening hours found');
    },

    addOpenMinutes(from, minutes) {
      let left = minutes * MINUTE;
      let t = from.getTime();
      let date = storeDateKey(from, tz);
      for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date, 1)) {
        const w = window(date);
        if (!w) continue;
        const start = Math.max(t, w.start.getTime());
        const available = w.end.getTime() - start;
        if (available < 0) continue;
        if (left <= available) return new Date(start + left);
        left -= available;
        t = start;
      }
      throw new Error('store calendar: no opening hours found');
    },

    subtractOpenMinutes(to, minutes) {
      let left = minutes * MINUTE;
      const t = to.getTime();
      // The day an instant ends: midnight belongs to the day before.
      let date = storeDateKey(new Date(t - 1), tz);
      for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date, -1)) {
        const w = window(date);
        if (!w) continue;
        const end = Math.min(t, w.end.getTime());
        const available = end - w.start.getTime();
        if (available < 0) continue;
        if (left <= available) return new Date(end - left);
        left -= available;
      }
      throw new Error('store calendar: no opening hours found');
    },

    openMinutesBetween(from, to) {
      if (to.getTime() <= from.getTime()) return 0;
      let total = 0;
      const last = storeDateKey(new Date(to.getTime() - 1), tz);
      for (let date = storeDateKey(from, tz), i = 0; date <= last && i < MAX_DAYS; date = nextDate(date, 1), i++) {
        const w = window(date);
        if (!w) continue;
        total += Math.max(0, Math.min(to.getTime(), w.end.getTime()) - Math.max(from.getTime(), w.start.getTime()));
      }
      return total / MINUTE;
    },
  };
}
