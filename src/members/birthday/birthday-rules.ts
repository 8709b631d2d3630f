import { daysInSolarMonth, leapMonthOf, lunarMonthDays } from './lunar-calendar';

/** A member's birthday, solar or lunar (农历); the year is optional. */
export interface Birthday {
  calendar: 'solar' | 'lunar';
  year: number | null;
  month: number;
  day: number;
  /** Lunar only: born in a leap month (闰月). */
  leapMonth: boolean;
}

/**
 * Why a birthday's date cannot be (year range and "in the future" are the caller's rules):
 * - `leap_month_on_solar`: a leap month (闰月) on a solar birthday;
 * - `bad_month`: not 1–12; `bad_day`: lunar day not 1–30;
 * - `no_leap_month`: the (given) lunar year has no such leap month;
 * - `no_such_day`: the month has no such day (solar 4月31日, 2月29日 in a common year; lunar 30th of a
 *   29-day month in the given year).
 */
export type BirthdayProblem = 'leap_month_on_solar' | 'bad_month' | 'bad_day' | 'no_leap_month' | 'no_such_day';

/** A solar month and day; without a year, 2月29日 is a real birthday (leap-year babies). */
export function solarBirthdayProblem(b: { year: number | null; month: number; day: number }): 'bad_month' | 'no_such_day' | null {
  if (b.month < 1 || b.month > 12) return 'bad_month';
  if (b.day < 1 || b.day > daysInSolarMonth(b.year ?? 2000, b.month)) return 'no_such_day';
  return null;
}

/**
 * A lunar month and day (at most 30); with a year, the leap month must exist that year and the month must
 * have the day. Without a year any 1–30 is accepted: the celebration falls back (see celebrationDateIn).
 */
export function lunarBirthdayProblem(b: { year: number | null; month: number; day: number; leapMonth: boolean }): Exclude<BirthdayProblem, 'leap_month_on_solar'> | null {
  if (b.month < 1 || b.month > 12) return 'bad_month';
  if (b.day < 1 || b.day > 30) return 'bad_day';
  if (b.year === null) return null;
  if (b.leapMonth && leapMonthOf(b.year) !== b.month) return 'no_leap_month';
  const days = lunarMonthDays(b.year, b.month, b.leapMonth);
  if (days === null || b.day > days) return 'no_such_day';
  return null;
}

/** Either calendar, e.g. a structured birthday from the mini-program. */
export function birthdayDateProblem(b: { calendar: 'solar' | 'lunar'; year?: number | null; month: number; day: number; leapMonth?: boolean }): BirthdayProblem | null {
  const year = b.year ?? null;
  if (b.calendar === 'solar') return b.leapMonth ? 'leap_month_on_solar' : solarBirthdayProblem({ year, month: b.month, day: b.day });
  return lunarBirthdayProblem({ year, month: b.month, day: b.day, leapMonth: Boolean(b.leapMonth) });
}
