import type { Birthday } from './birthday-rules';
import { dateKey, isLeapYear, leapMonthOf, lunarMonthDays, lunarOf, parseDateKey, solarOfLunar } from './lunar-calendar';

/**
 * When a birthday is celebrated, in both directions (the date in a year; the birthdays of a date), with
 * the same fallbacks:
 * - solar 2月29日 is celebrated on 2月28日 in non-leap years;
 * - lunar day 30 is celebrated on day 29 when the lunar month is short that year;
 * - a birthday in a leap month (闰月) is celebrated in the leap month when the year has it, otherwise in
 *   the ordinary month; an ordinary-month birthday is celebrated in the ordinary month only.
 */

/** What celebrating needs of a birthday (not the year). */
export type BirthdayDate = Pick<Birthday, 'calendar' | 'month' | 'day' | 'leapMonth'>;

/** The solar date a birthday is celebrated on in a solar year (for lunar birthdays: the first occurrence in it). */
export function celebrationDateIn(b: BirthdayDate, year: number): string | null {
  if (b.calendar === 'solar') {
    if (b.month === 2 && b.day === 29 && !isLeapYear(year)) return dateKey(year, 2, 28);
    return dateKey(year, b.month, b.day);
  }
  // A lunar date can fall in solar year Y from lunar year Y-1 (early in the year) or Y.
  for (const ly of [year - 1, year]) {
    const leap = b.leapMonth && leapMonthOf(ly) === b.month;
    const days = lunarMonthDays(ly, b.month, leap);
    if (days === null) continue;
    const key = solarOfLunar(ly, b.month, Math.min(b.day, days), leap);
    if (key && key.startsWith(`${year}-`)) return key;
  }
  return null;
}

/**
 * Which stored birthdays are celebrated on a date, as lookups on the indexed columns
 * (calendar, month, day), plus a filter for lunar leap-month birthdays.
 */
export interface BirthdayQuery {
  solar: { month: number; days: number[] };
  lunar: { month: number; days: number[]; leapOk: (birthLeapMonth: boolean) => boolean };
}

export function birthdayQueryFor(key: string): BirthdayQuery {
  const d = parseDateKey(key);
  const solarDays = [d.day];
  if (d.month === 2 && d.day === 28 && !isLeapYear(d.year)) solarDays.push(29);
  const l = lunarOf(key);
  const lunarDays = [l.day];
  if (l.day === 29 && l.monthDays === 29) lunarDays.push(30);
  const yearLeapMonth = leapMonthOf(l.year);
  const leapOk = l.leap
    ? (birthLeap: boolean) => birthLeap
    : (birthLeap: boolean) => !birthLeap || yearLeapMonth !== l.month;
  return { solar: { month: d.month, days: solarDays }, lunar: { month: l.month, days: lunarDays, leapOk } };
}

export function isCelebratedOn(b: BirthdayDate, key: string): boolean {
  const q = birthdayQueryFor(key);
  if (b.calendar === 'solar') return b.month === q.solar.month && q.solar.days.includes(b.day);
  return b.month === q.lunar.month && q.lunar.days.includes(b.day) && q.lunar.leapOk(b.leapMonth);
}
