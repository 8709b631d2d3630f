import { LunarMonth, LunarYear, Solar } from 'lunar-typescript';
import type { FestivalId, TargetedFestivalId } from './care-config';

/**
 * The care calendar: which occasions fall on a store-local date. Pure functions over calendar dates
 * (no time zones, no database), lunar dates from lunar-typescript.
 */

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export function parseYmd(key: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) throw new Error(`expected YYYY-MM-DD, got ${key}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function ymdKey(d: Ymd): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Adds days to a calendar date (UTC arithmetic on a date, so no daylight-saving surprises). */
export function addDays(key: string, days: number): string {
  const { year, month, day } = parseYmd(key);
  const t = new Date(Date.UTC(year, month - 1, day + days));
  return ymdKey({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 0 = Sunday. */
function weekday(d: Ymd): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** The n-th Sunday of a month (母亲节: 2nd Sunday of May; 父亲节: 3rd Sunday of June). */
export function nthSunday(year: number, month: number, n: number): string {
  const first = weekday({ year, month, day: 1 });
  const day = 1 + ((7 - first) % 7) + (n - 1) * 7;
  return ymdKey({ year, month, day });
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

export function lunarOf(key: string): LunarDate {
  const { year, month, day } = parseYmd(key);
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

/** Solar date of a lunar date, or null when it does not exist (e.g. day 30 of a short month). */
export function solarOfLunar(lunarYear: number, month: number, day: number, leap = false): string | null {
  const lm = LunarMonth.fromYm(lunarYear, leap ? -month : month);
  if (!lm || day > lm.getDayCount()) return null;
  const s = Solar.fromJulianDay(lm.getFirstJulianDay() + day - 1);
  return ymdKey({ year: s.getYear(), month: s.getMonth(), day: s.getDay() });
}

// ---------------------------------------------------------------- festivals

export interface FestivalDef<Id extends string> {
  id: Id;
  /** How the festival is named in texts. */
  label: string;
  /** Solar date of the festival in a solar year. */
  dateIn(year: number): string;
}

const fixed = (month: number, day: number) => (year: number) => ymdKey({ year, month, day });
/** A lunar festival of solar year Y falls in lunar year Y (all of these are after 春节). */
const lunar = (month: number, day: number) => (year: number) => solarOfLunar(year, month, day)!;

export const FESTIVALS: FestivalDef<FestivalId>[] = [
  { id: 'new_year', label: '元旦', dateIn: fixed(1, 1) },
  { id: 'spring_festival', label: '春节', dateIn: lunar(1, 1) },
  { id: 'lantern', label: '元宵节', dateIn: lunar(1, 15) },
  { id: 'dragon_boat', label: '端午节', dateIn: lunar(5, 5) },
  { id: 'qixi', label: '七夕', dateIn: lunar(7, 7) },
  { id: 'mid_autumn', label: '中秋节', dateIn: lunar(8, 15) },
  { id: 'double_ninth', label: '重阳节', dateIn: lunar(9, 9) },
  { id: 'christmas', label: '圣诞节', dateIn: fixed(12, 25) },
];

/** Who a targeted festival is for: a profile flag that must be known to be true (unknown is never guessed). */
export type Audience = 'women' | 'mothers' | 'fathers' | 'teachers';

export const TARGETED_FESTIVALS: (FestivalDef<TargetedFestivalId> & { audience: Audience })[] = [
  { id: 'womens_day', label: '三八妇女节', audience: 'women', dateIn: fixed(3, 8) },
  { id: 'mothers_day', label: '母亲节', audience: 'mothers', dateIn: (y) => nthSunday(y, 5, 2) },
  { id: 'fathers_day', label: '父亲节', audience: 'fathers', dateIn: (y) => nthSunday(y, 6, 3) },
  { id: 'teachers_day', label: '教师节', audience: 'teachers', dateIn: fixed(9, 10) },
];

export function festivalsOn<F extends FestivalDef<string>>(list: F[], key: string, enabled?: readonly string[]): F[] {
  const year = parseYmd(key).year;
  return list.filter((f) => (!enabled || enabled.includes(f.id)) && f.dateIn(year) === key);
}

// ---------------------------------------------------------------- seasons

export const SEASON_TERMS = { 立春: 'spring', 立夏: 'summer', 立秋: 'autumn', 立冬: 'winter' } as const;
export type SeasonId = (typeof SEASON_TERMS)[keyof typeof SEASON_TERMS];
export const SEASON_LABEL: Record<SeasonId, string> = { spring: '春', summer: '夏', autumn: '秋', winter: '冬' };

/** The season that starts on this date by the solar terms (立春, 立夏, 立秋, 立冬), if any. */
export function seasonStartOn(key: string): { term: keyof typeof SEASON_TERMS; season: SeasonId } | null {
  const { year, month, day } = parseYmd(key);
  const term = Solar.fromYmd(year, month, day).getLunar().getJieQi();
  if (term in SEASON_TERMS) {
    const t = term as keyof typeof SEASON_TERMS;
    return { term: t, season: SEASON_TERMS[t] };
  }
  return null;
}

// ---------------------------------------------------------------- birthdays

export interface BirthdayLike {
  birthdayCalendar: 'solar' | 'lunar' | null;
  birthMonth: number | null;
  birthDay: number | null;
  birthLeapMonth: boolean;
}

/**
 * Which stored birthdays are celebrated on a date, as lookups on the indexed columns
 * (calendar, month, day), plus a filter for lunar leap-month birthdays:
 * - solar 2月29日 is celebrated on 2月28日 in non-leap years;
 * - lunar day 30 is celebrated on day 29 when the lunar month is short that year;
 * - a birthday in a leap month (闰月) is celebrated in the leap month when the year has it, otherwise in
 *   the ordinary month; an ordinary-month birthday is celebrated in the ordinary month only.
 */
export interface BirthdayQuery {
  solar: { month: number; days: number[] };
  lunar: { month: number; days: number[]; leapOk: (birthLeapMonth: boolean) => boolean };
}

export function birthdayQueryFor(key: string): BirthdayQuery {
  const d = parseYmd(key);
  const solarDays = [d.day];
  if (d.month === 2 && d.day === 28 && !isLeapYear(d.year)) solarDays.push(29);
  const l = lunarOf(key);
  const lunarDays = [l.day];
  if (l.day === 29 && l.monthDays === 29) lunarDays.push(30);
  const yearLeapMonth = LunarYear.fromYear(l.year).getLeapMonth();
  const leapOk = l.leap
    ? (birthLeap: boolean) => birthLeap
    : (birthLeap: boolean) => !birthLeap || yearLeapMonth !== l.month;
  return { solar: { month: d.month, days: solarDays }, lunar: { month: l.month, days: lunarDays, leapOk } };
}

export function isBirthdayOn(b: BirthdayLike, key: string): boolean {
  if (!b.birthdayCalendar || b.birthMonth === null || b.birthDay === null) return false;
  const q = birthdayQueryFor(key);
  if (b.birthdayCalendar === 'solar') return b.birthMonth === q.solar.month && q.solar.days.includes(b.birthDay);
  return b.birthMonth === q.lunar.month && q.lunar.days.includes(b.birthDay) && q.lunar.leapOk(b.birthLeapMonth);
}

/** The solar date a birthday is celebrated on in a solar year (for lunar birthdays: the first occurrence in it). */
export function birthdayIn(b: BirthdayLike, year: number): string | null {
  if (!b.birthdayCalendar || b.birthMonth === null || b.birthDay === null) return null;
  if (b.birthdayCalendar === 'solar') {
    if (b.birthMonth === 2 && b.birthDay === 29 && !isLeapYear(year)) return ymdKey({ year, month: 2, day: 28 });
    return ymdKey({ year, month: b.birthMonth, day: b.birthDay });
  }
  // A lunar date can fall in solar year Y from lunar year Y-1 (early in the year) or Y.
  for (const ly of [year - 1, year]) {
    const leap = b.birthLeapMonth && LunarYear.fromYear(ly).getLeapMonth() === b.birthMonth;
    const lm = LunarMonth.fromYm(ly, leap ? -b.birthMonth : b.birthMonth);
    if (!lm) continue;
    const day = Math.min(b.birthDay, lm.getDayCount());
    const key = solarOfLunar(ly, b.birthMonth, day, leap);
    if (key && key.startsWith(`${year}-`)) return key;
  }
  return null;
}

const LUNAR_MONTH_NAMES = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];
const LUNAR_DAY_NAMES = (d: number) =>
  d === 10 ? '初十' : d === 20 ? '二十' : d === 30 ? '三十' : `${['初', '十', '廿'][Math.floor(d / 10)]}${'一二三四五六七八九'[(d % 10) - 1]}`;

/** 农历八月十五 / 3月12日: how a birthday is named in texts. */
export function birthdayLabel(b: BirthdayLike): string {
  if (b.birthdayCalendar === 'lunar') return `农历${b.birthLeapMonth ? '闰' : ''}${LUNAR_MONTH_NAMES[b.birthMonth! - 1]}月${LUNAR_DAY_NAMES(b.birthDay!)}`;
  return `${b.birthMonth}月${b.birthDay}日`;
}
