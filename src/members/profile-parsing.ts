import { toHalfWidth } from '../shared/text';
import { lunarBirthdayProblem, solarBirthdayProblem, type Birthday } from './birthday';

// Existing importers (member service, member chat) still find these here.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A mainland mobile number from what people type: spaces, dashes, +86 / 0086 prefixes, full-width digits.
 * The reason for a failure is a template key so chat can answer kindly.
 */
export function parsePhone(input: string): ParseResult<string> {
  let compact = toHalfWidth(input).replace(/[\s\-()（）.]/g, '');
  // "我的手机是13812345678" / "手机：138 1234 5678，谢谢": words around one run of digits are fine.
  const around = /^[^\d+]*?(\+?\d+)[^\d]*$/u.exec(compact);
  if (around && /[^\d+]/.test(compact)) compact = around[1];
  const withoutPrefix = compact.replace(/^(\+86|0086|86(?=1\d{10}$))/, '');
  if (!/^\d+$/.test(withoutPrefix)) return { ok: false, reason: 'phone.not_digits' };
  if (withoutPrefix.length < 11) return { ok: false, reason: 'phone.too_short' };
  if (withoutPrefix.length > 11) return { ok: false, reason: 'phone.too_long' };
  if (!/^1[3-9]\d{9}$/.test(withoutPrefix)) return { ok: false, reason: 'phone.not_mobile' };
  return { ok: true, value: withoutPrefix };
}

const LUNAR_MONTHS: Record<string, number> = {
  正: 1, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 冬: 11, 十二: 12, 腊: 12, 臘: 12,
};

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 初一…初十, 十一…十九, 二十, 廿一…廿九, 三十, or plain digits. */
function parseLunarDay(token: string): number | null {
  if (/^\d{1,2}$/.test(token)) return Number(token);
  let m = /^初([一二三四五六七八九十])$/.exec(token);
  if (m) return DIGITS[m[1]];
  m = /^十([一二三四五六七八九])$/.exec(token);
  if (m) return 10 + DIGITS[m[1]];
  if (token === '二十') return 20;
  m = /^(?:廿|二十)([一二三四五六七八九])$/.exec(token);
  if (m) return 20 + DIGITS[m[1]];
  if (token === '三十' || token === '卅') return 30;
  return null;
}

function parseLunarMonth(token: string): number | null {
  if (/^\d{1,2}$/.test(token)) return Number(token);
  return LUNAR_MONTHS[token] ?? null;
}

/**
 * Birthdays as members type them: `1990年5月3日`, `5月3日`, `1990-05-03`, `1990/5/3`, `农历八月十五`,
 * `阴历腊月初八`, `农历1990年闰五月初三`. Impossible dates are refused with a reason key.
 */
export function parseBirthday(input: string, today: { year: number }): ParseResult<Birthday> {
  const text = toHalfWidth(input)
    .replace(/\s+/g, '')
    .replace(/(生日|出生|是|号)$/u, '')
    // "1990年农历八月十五" says the same as "农历1990年八月十五".
    .replace(/^(\d{4}年)(农历|阴历|陰曆|旧历|農曆)/u, '$2$1');
  const lunarMatch = /^(农历|阴历|陰曆|旧历|農曆)(?:(\d{4})年)?(闰|閏)?([正一二三四五六七八九十冬腊臘]{1,2}|\d{1,2})月(初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十|卅|\d{1,2})[日号]?$/u.exec(text);
  if (lunarMatch) {
    const year = lunarMatch[2] ? Number(lunarMatch[2]) : null;
    const leap = Boolean(lunarMatch[3]);
    const month = parseLunarMonth(lunarMatch[4]);
    const day = parseLunarDay(lunarMatch[5]);
    // Month and day first, then the year's range, then what that year's calendar has.
    if (month === null || day === null || lunarBirthdayProblem({ year: null, month, day, leapMonth: leap })) {
      return { ok: false, reason: 'birthday.impossible' };
    }
    if (year !== null && (year < 1900 || year > today.year)) return { ok: false, reason: 'birthday.bad_year' };
    const problem = lunarBirthdayProblem({ year, month, day, leapMonth: leap });
    if (problem) return { ok: false, reason: problem === 'no_leap_month' ? 'birthday.no_leap_month' : 'birthday.impossible' };
    return { ok: true, value: { calendar: 'lunar', year, month, day, leapMonth: leap } };
  }
  if (/^(农历|阴历|陰曆|旧历|農曆)/u.test(text)) return { ok: false, reason: 'birthday.unrecognised' };

  const solarText = text.replace(/^(公历|阳历|新历|陽曆)/u, '');
  const solarMatch =
    /^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?$/u.exec(solarText) ??
    /^(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})$/.exec(solarText);
  if (!solarMatch) return { ok: false, reason: 'birthday.unrecognised' };
  const year = solarMatch[1] ? Number(solarMatch[1]) : null;
  const month = Number(solarMatch[2]);
  const day = Number(solarMatch[3]);
  if (year !== null && (year < 1900 || year > today.year)) return { ok: false, reason: 'birthday.bad_year' };
  // Without a year, 2月29日 is a real birthday (leap-year babies); with one, the year decides.
  if (solarBirthdayProblem({ year, month, day })) return { ok: false, reason: 'birthday.impossible' };
  return { ok: true, value: { calendar: 'solar', year, month, day, leapMonth: false } };
}

/** A name as a member would type it: 1–20 characters of letters (any script), dots and spaces, no digits. */
export function parseName(input: string): ParseResult<string> {
  // Emoji decorate WeChat nicknames ("Anna·李🌸"); the name to greet someone by is the words.
  const text = toHalfWidth(input)
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '' && input.trim() !== '') return { ok: false, reason: 'name.only_emoji' };
  const chars = Array.from(text);
  if (chars.length === 0) return { ok: false, reason: 'name.empty' };
  if (chars.length > 20) return { ok: false, reason: 'name.too_long' };
  if (!/^[\p{L}\p{M}·.\- ']+$/u.test(text)) return { ok: false, reason: 'name.bad_chars' };
  return { ok: true, value: text };
}
