import { Solar } from 'lunar-typescript';
import { celebrationDateIn, formatBirthday, isCelebratedOn, solarOfLunar, type BirthdayDate } from '../members';
import type { FestivalId, TargetedFestivalId } from './care.config-schema';

// Lunar and leap-year facts and the birthday query live with birthdays (members/birthday); care's
// existing importers still find them here.
export { birthdayQueryFor, isLeapYear, lunarOf, solarOfLunar, type BirthdayQuery, type LunarDate } from '../members';

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

/** A member row's birthday columns as one birthday date, or null when the member has not given one. */
function birthdayDateOf(b: BirthdayLike): BirthdayDate | null {
  if (!b.birthdayCalendar || b.birthMonth === null || b.birthDay === null) return null;
  return { calendar: b.birthdayCalendar, month: b.birthMonth, day: b.birthDay, leapMonth: b.birthLeapMonth };
}

/** Whether a stored birthday is celebrated on a date (fallbacks: see members/birthday). */
export function isBirthdayOn(b: BirthdayLike, key: string): boolean {
  const date = birthdayDateOf(b);
  return date ? isCelebratedOn(date, key) : false;
}

/** The solar date a birthday is celebrated on in a solar year (for lunar birthdays: the first occurrence in it). */
export function birthdayIn(b: BirthdayLike, year: number): string | null {
  const date = birthdayDateOf(b);
  return date ? celebrationDateIn(date, year) : null;
}

/** 农历八月十五 / 3月12日: how a birthday is named in texts (never with the year). */
export function birthdayLabel(b: BirthdayLike): string {
  return formatBirthday({ calendar: b.birthdayCalendar === 'lunar' ? 'lunar' : 'solar', year: null, month: b.birthMonth!, day: b.birthDay!, leapMonth: b.birthLeapMonth });
}
