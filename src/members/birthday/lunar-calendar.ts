import { LunarMonth, LunarYear, Solar } from 'lunar-typescript';

/**
 * Calendar facts birthdays need, solar and lunar (农历, from lunar-typescript). Dates are calendar-date
 * keys `YYYY-MM-DD` (no time zones).
 */

export function parseDateKey(key: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new Error(`expected YYYY-MM-DD, got ${key}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function dateKey(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInSolarMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The month a lunar year repeats as its leap month (闰月), or 0 when it has none. */
export function leapMonthOf(lunarYear: number): number {
  return LunarYear.fromYear(lunarYear).getLeapMonth();
}

/** Days (29 or 30) of a lunar month, or null when that year has no such month (e.g. a leap month it lacks). */
export function lunarMonthDays(lunarYear: number, month: number, leap = false): number | null {
  const lm = LunarMonth.fromYm(lunarYear, leap ? -month : month);
  return lm ? lm.getDayCount() : null;
}

/** Solar date of a lunar date, or null when it does not exist (e.g. day 30 of a short month). */
export function solarOfLunar(lunarYear: number, month: number, day: number, leap = false): string | null {
  const lm = LunarMonth.fromYm(lunarYear, leap ? -month : month);
  if (!lm || day > lm.getDayCount()) return null;
  const s = Solar.fromJulianDay(lm.getFirstJulianDay() + day - 1);
  return dateKey(s.getYear(), s.getMonth(), s.getDay());
}

export interface LunarDate {
  /** Lunar year (starts at 春节). */
  year: number;
  month: number;
  day: number;
  leap: boolean;
  /** Days in this lunar month (29 or 30). */
  monthDays: number;
}

/** The lunar date of a solar date. */
export function lunarOf(key: string): LunarDate {
  const { year, month, day } = parseDateKey(key);
  const lunar = Solar.fromYmd(year, month, day).getLunar();
  const m = lunar.getMonth();
  return {
    year: lunar.getYear(),
    month: Math.abs(m),
    day: lunar.getDay(),
    leap: m < 0,
    monthDays: LunarMonth.fromYm(lunar.getYear(), m)!.getDayCount(),
  };
}
