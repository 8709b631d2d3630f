import { toHalfWidth } from '../../shared/text';
import { lunarBirthdayProblem, solarBirthdayProblem, type Birthday } from './birthday-rules';

/**
 * Birthdays as members type them (the table of forms is in test/unit/profile-parsing.test.ts). A reading
 * is accepted only when it is the one reading; otherwise the member is asked back (a reason key):
 * - `birthday.which_calendar`: Chinese numerals with no 日/号 and no lunar word (三月十五) may be either;
 * - `birthday.which_year`: a two-digit year that fits two centuries for a living member (20年 → 1920 or 2020).
 */
export type BirthdayParse = { ok: true; value: Birthday } | { ok: false; reason: string };

const LUNAR_PREFIX = '(?:农历|阴历|陰曆|旧历|農曆)';
const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_DIGIT = '[〇零一二三四五六七八九]';
const LUNAR_MONTHS: Record<string, number> = {
  正: 1, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 冬: 11, 十二: 12, 腊: 12, 臘: 12,
};
// Words only the lunar calendar uses: 正月, 冬月, 腊月, a leap month, the days 初一…初十, 廿X, 卅.
const LUNAR_WORDS = /正月|冬月|腊月|臘月|闰|閏|初[一二三四五六七八九十]|廿|卅/u;

/** 一 … 三十一 (十五, 二十一) → the number; null when not a Chinese numeral of a month or day. */
function chineseNumber(token: string): number | null {
  if (/^[一二三四五六七八九]$/u.test(token)) return DIGIT[token];
  const m = /^([二三])?十([一二三四五六七八九])?$/u.exec(token);
  if (!m) return null;
  return (m[1] ? DIGIT[m[1]] : 1) * 10 + (m[2] ? DIGIT[m[2]] : 0);
}

/** 初一…初十, 十一…十九, 二十, 廿一…廿九, 三十, or plain digits. */
function parseLunarDay(token: string): number | null {
  if (/^\d{1,2}$/.test(token)) return Number(token);
  const m = /^初([一二三四五六七八九十])$/.exec(token);
  if (m) return m[1] === '十' ? 10 : DIGIT[m[1]];
  if (token === '卅') return 30;
  return chineseNumber(token.replace(/^廿/, '二十'));
}

function parseLunarMonth(token: string): number | null {
  if (/^\d{1,2}$/.test(token)) return Number(token);
  return LUNAR_MONTHS[token] ?? null;
}

/** A two-digit year, for someone alive and at least ten: one century, or null when both fit (asked back). */
function fullYear(yy: number, thisYear: number): number | null {
  const recent = 2000 + yy;
  const older = 1900 + yy;
  const fitsRecent = recent <= thisYear - 10;
  const fitsOlder = older > thisYear - 100;
  if (fitsRecent === fitsOlder) return null;
  return fitsRecent ? recent : older;
}

/** Trailing punctuation and particles, leading "我的生日是", Chinese-numeral years → digits. */
function normalise(input: string): string {
  return toHalfWidth(input)
    .replace(/\s+/g, '')
    .replace(/^(?:我的?)?(?:生日|出生日期|出生)(?:是|在|为)?[:]?/u, '')
    .replace(/[。.!！,，~～…、?？]+$/u, '')
    .replace(/(?:哦|呀|啊|啦|吧|哈)+$/u, '')
    .replace(/(?:生日|出生|是)$/u, '')
    .replace(new RegExp(`(${CN_DIGIT}{4}|${CN_DIGIT}{2})年`, 'gu'), (_, y: string) => `${Array.from(y).map((c) => DIGIT[c]).join('')}年`)
    .replace(/^(\d{2,4}年)(农历|阴历|陰曆|旧历|農曆)/u, '$2$1');
}

function lunar(text: string, today: { year: number }): BirthdayParse | null {
  const m = new RegExp(
    `^(?:${LUNAR_PREFIX})?(?:(\\d{4}|\\d{2})年)?(闰|閏)?([正一二三四五六七八九十冬腊臘]{1,2}|\\d{1,2})月(初[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]|[一二三四五六七八九]|卅|\\d{1,2})[日号]?$`,
    'u',
  ).exec(text);
  if (!m) return null;
  const month = parseLunarMonth(m[3]);
  const day = parseLunarDay(m[4]);
  const leap = Boolean(m[2]);
  if (month === null || day === null || lunarBirthdayProblem({ year: null, month, day, leapMonth: leap })) return { ok: false, reason: 'birthday.impossible' };
  let year: number | null = m[1] ? Number(m[1]) : null;
  if (m[1]?.length === 2) {
    year = fullYear(Number(m[1]), today.year);
    if (year === null) return { ok: false, reason: 'birthday.which_year' };
  }
  if (year !== null && (year < 1900 || year > today.year)) return { ok: false, reason: 'birthday.bad_year' };
  const problem = lunarBirthdayProblem({ year, month, day, leapMonth: leap });
  if (problem) return { ok: false, reason: problem === 'no_leap_month' ? 'birthday.no_leap_month' : 'birthday.impossible' };
  return { ok: true, value: { calendar: 'lunar', year, month, day, leapMonth: leap } };
}

/** Year (4 or 2 digits, or none), month and day of a solar date, in any of the written forms. */
function solarParts(text: string): { yearText: string | null; month: number; day: number; run?: true } | { reason: string } | null {
  let m = /^(?:(\d{4}|\d{2})年)?(\d{1,2})月(\d{1,2})[日号]?$/u.exec(text);
  if (m) return { yearText: m[1] ?? null, month: Number(m[2]), day: Number(m[3]) };
  // Chinese numerals: 三月十五日, 1990年十二月三十一号. Without 日/号 (三月十五) it may be a lunar date.
  m = /^(?:(\d{4}|\d{2})年)?([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})([日号])?$/u.exec(text);
  if (m) {
    const month = chineseNumber(m[2]);
    const day = chineseNumber(m[3]);
    if (month === null || day === null) return { reason: 'birthday.unrecognised' };
    if (!m[4]) return { reason: 'birthday.which_calendar' };
    return { yearText: m[1] ?? null, month, day };
  }
  m = /^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) return { yearText: m[1] ?? null, month: Number(m[2]), day: Number(m[3]) };
  // A two-digit year with separators only when it cannot be a day (90.5.3, not 12.5.3).
  m = /^(\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) return Number(m[1]) > 31 ? { yearText: m[1], month: Number(m[2]), day: Number(m[3]) } : { reason: 'birthday.unrecognised' };
  // One run of digits: 19900315 (yyyymmdd), 900315 (yymmdd), 0315 (mmdd).
  m = /^(\d{4}|\d{2})?(\d{2})(\d{2})$/.exec(text);
  if (m && (text.length === 8 || text.length === 6 || text.length === 4)) return { yearText: m[1] ?? null, month: Number(m[2]), day: Number(m[3]), run: true };
  return null;
}

/**
 * `1990年5月3日`, `5月3日`, `1990-05-03`, `90年5月3日`, `19900315`, `0315`, `一九九〇年三月十五日`,
 * `农历八月十五`, `腊月初八` (lunar words need no 农历), `农历1990年闰五月初三`, with trailing punctuation.
 */
export function parseBirthdayText(input: string, today: { year: number }): BirthdayParse {
  const text = normalise(input);
  const isLunar = new RegExp(`^${LUNAR_PREFIX}`, 'u').test(text) || LUNAR_WORDS.test(text);
  if (isLunar) return lunar(text, today) ?? { ok: false, reason: 'birthday.unrecognised' };

  const solarText = text.replace(/^(公历|阳历|新历|陽曆)/u, '');
  const parts = solarParts(solarText);
  if (!parts) return { ok: false, reason: 'birthday.unrecognised' };
  if ('reason' in parts) return { ok: false, reason: parts.reason };
  const { month, day } = parts;
  // Digits that are no month and day (1990, 199003) are not a date at all; written ones (2月30日) are a slip.
  if (solarBirthdayProblem({ year: null, month, day })) return { ok: false, reason: parts.run ? 'birthday.unrecognised' : 'birthday.impossible' };
  let year: number | null = parts.yearText === null ? null : Number(parts.yearText);
  if (parts.yearText?.length === 2) {
    year = fullYear(Number(parts.yearText), today.year);
    if (year === null) return { ok: false, reason: 'birthday.which_year' };
  }
  if (year !== null && (year < 1900 || year > today.year)) return { ok: false, reason: 'birthday.bad_year' };
  // Without a year, 2月29日 is a real birthday (leap-year babies); with one, the year decides.
  if (solarBirthdayProblem({ year, month, day })) return { ok: false, reason: 'birthday.impossible' };
  return { ok: true, value: { calendar: 'solar', year, month, day, leapMonth: false } };
}
