import { formatBirthday, parseBirthday, parseName, parsePhone } from '../../src/members';

const today = { year: 2026 };

describe('parsePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['＋８６ １３８　１２３４　５６７８', '13812345678'],
    ['我的手机是13812345678', '13812345678'],
    ['手机：138 1234 5678，谢谢', '13812345678'],
  ])('accepts %s as %s', (input, expected) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['138 1234', 'phone.too_short'],
    ['1381234567', 'phone.too_short'],
    ['138123456789', 'phone.too_long'],
    ['+86 138 1234 56789', 'phone.too_long'],
    ['12812345678', 'phone.not_mobile'],
    ['02112345678', 'phone.not_mobile'],
    ['不告诉你', 'phone.not_digits'],
    ['138abc45678', 'phone.not_digits'],
    ['', 'phone.not_digits'],
  ])('refuses %s with %s', (input, reason) => {
    expect(parsePhone(input)).toEqual({ ok: false, reason });
  });
});

describe('parseBirthday', () => {
  it.each([
    ['1990年5月3日', { calendar: 'solar', year: 1990, month: 5, day: 3, leapMonth: false }],
    ['5月3日', { calendar: 'solar', year: null, month: 5, day: 3, leapMonth: false }],
    ['5月3号', { calendar: 'solar', year: null, month: 5, day: 3, leapMonth: false }],
    ['1990-05-03', { calendar: 'solar', year: 1990, month: 5, day: 3, leapMonth: false }],
    ['1990/5/3', { calendar: 'solar', year: 1990, month: 5, day: 3, leapMonth: false }],
    ['１９９０年５月３日', { calendar: 'solar', year: 1990, month: 5, day: 3, leapMonth: false }],
    ['农历八月十五', { calendar: 'lunar', year: null, month: 8, day: 15, leapMonth: false }],
    ['阴历腊月初八', { calendar: 'lunar', year: null, month: 12, day: 8, leapMonth: false }],
    ['农历正月初一', { calendar: 'lunar', year: null, month: 1, day: 1, leapMonth: false }],
    ['农历冬月廿三', { calendar: 'lunar', year: null, month: 11, day: 23, leapMonth: false }],
    ['1990年农历八月十五', { calendar: 'lunar', year: 1990, month: 8, day: 15, leapMonth: false }],
    ['农历2025年闰六月初一', { calendar: 'lunar', year: 2025, month: 6, day: 1, leapMonth: true }],
    ['农历1990年闰五月初三', { calendar: 'lunar', year: 1990, month: 5, day: 3, leapMonth: true }],
  ])('reads %s', (input, expected) => {
    expect(parseBirthday(input, today)).toEqual({ ok: true, value: expected });
  });

  it('accepts 2月29日 without a year (a leap-day birthday) and in a leap year', () => {
    expect(parseBirthday('2月29日', today)).toMatchObject({ ok: true, value: { month: 2, day: 29, year: null } });
    expect(parseBirthday('2024年2月29日', today)).toMatchObject({ ok: true, value: { year: 2024 } });
  });

  it.each([
    ['2月30日', 'birthday.impossible'],
    ['2023年2月29日', 'birthday.impossible'],
    ['4月31日', 'birthday.impossible'],
    ['13月1日', 'birthday.impossible'],
    ['0月3日', 'birthday.impossible'],
    ['农历十三月初一', 'birthday.impossible'],
    ['农历2025年二月三十', 'birthday.impossible'],
    ['1990年农历闰三月初一', 'birthday.no_leap_month'],
    ['农历1990年闰三月初一', 'birthday.no_leap_month'],
    ['农历2023年闰六月初一', 'birthday.no_leap_month'],
    ['2030年5月3日', 'birthday.bad_year'],
    ['1850年5月3日', 'birthday.bad_year'],
    ['下个月', 'birthday.unrecognised'],
    ['农历八月', 'birthday.unrecognised'],
  ])('refuses %s with %s', (input, reason) => {
    expect(parseBirthday(input, today)).toEqual({ ok: false, reason });
  });
});

describe('formatBirthday', () => {
  it('shows solar birthdays with and without a year', () => {
    expect(formatBirthday({ calendar: 'solar', year: 1990, month: 5, day: 3, leapMonth: false })).toBe('1990年5月3日');
    expect(formatBirthday({ calendar: 'solar', year: null, month: 12, day: 25, leapMonth: false })).toBe('12月25日');
  });

  it('shows lunar birthdays with Chinese month and day names', () => {
    expect(formatBirthday({ calendar: 'lunar', year: null, month: 8, day: 15, leapMonth: false })).toBe('农历八月十五');
    expect(formatBirthday({ calendar: 'lunar', year: null, month: 12, day: 8, leapMonth: false })).toBe('农历腊月初八');
    expect(formatBirthday({ calendar: 'lunar', year: null, month: 1, day: 10, leapMonth: false })).toBe('农历正月初十');
    expect(formatBirthday({ calendar: 'lunar', year: null, month: 11, day: 20, leapMonth: false })).toBe('农历冬月二十');
    expect(formatBirthday({ calendar: 'lunar', year: 2025, month: 6, day: 23, leapMonth: true })).toBe('农历2025年闰六月廿三');
    expect(formatBirthday({ calendar: 'lunar', year: null, month: 3, day: 30, leapMonth: false })).toBe('农历三月三十');
  });

  it('round-trips through parseBirthday', () => {
    for (const text of ['农历八月十五', '阴历腊月初八', '1990年5月3日', '农历2025年闰六月廿九']) {
      const parsed = parseBirthday(text, today);
      if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
      expect(parseBirthday(formatBirthday(parsed.value), today)).toEqual(parsed);
    }
  });
});

describe('parseName', () => {
  it('keeps names in any script, with the middle dot', () => {
    expect(parseName('王女士')).toEqual({ ok: true, value: '王女士' });
    expect(parseName('  李  四 ')).toEqual({ ok: true, value: '李 四' });
    expect(parseName('Anna·李')).toEqual({ ok: true, value: 'Anna·李' });
    expect(parseName("O'Brien")).toEqual({ ok: true, value: "O'Brien" });
  });

  it('drops emoji decorating a name and refuses a name that is only emoji', () => {
    expect(parseName('Anna·李🌸')).toEqual({ ok: true, value: 'Anna·李' });
    expect(parseName('👍🏻小美❤️')).toEqual({ ok: true, value: '小美' });
    expect(parseName('🌸🌸')).toEqual({ ok: false, reason: 'name.only_emoji' });
  });

  it('refuses empty, digits and over-long names', () => {
    expect(parseName('   ')).toEqual({ ok: false, reason: 'name.empty' });
    expect(parseName('王123')).toEqual({ ok: false, reason: 'name.bad_chars' });
    expect(parseName('好'.repeat(21))).toEqual({ ok: false, reason: 'name.too_long' });
  });
});

/**
 * Issue 10: the ways people type these in Chinese chats and forms. Each row is what was typed and what
 * must be stored — or the reason the member is asked again. A wrong value is never accepted.
 */
describe('how people type it (table)', () => {
  describe('phones', () => {
    it.each([
      ['138-0013-8000', 'dashes as the keyboard puts them'],
      ['138 0013 8000', 'spaces'],
      ['138　0013　8000', 'ideographic spaces'],
      ['１３８００１３８０００', 'full-width digits'],
      ['１３８－００１３－８０００', 'full-width digits and dashes'],
      ['138—0013—8000', 'em dashes (Chinese IME shift+-)'],
      ['138——0013——8000', 'the doubled Chinese dash'],
      ['138–0013–8000', 'en dashes'],
      ['138‐0013‐8000', 'Unicode hyphens'],
      ['138−0013−8000', 'minus signs'],
      ['+86 138-0013-8000', '+86 with dashes'],
      ['+86-138-0013-8000', '+86 joined by a dash'],
      ['(+86) 13800138000', '+86 in brackets'],
      ['（+86）138 0013 8000', '+86 in Chinese brackets'],
      ['＋８６ １３８００１３８０００', 'full-width +86'],
      ['0086 138 0013 8000', '0086'],
      ['86 13800138000', '86 without a plus'],
      ['138.0013.8000', 'dots'],
      ['手机号：138-0013-8000', 'a label before it'],
      ['13800138000。', 'a full stop after it'],
    ])('stores %s (%s) as 13800138000', (typed) => {
      expect(parsePhone(typed)).toEqual({ ok: true, value: '13800138000' });
    });

    it.each([
      ['138-0013-800', 'phone.too_short'],
      ['138-0013-80000', 'phone.too_long'],
      ['010-8888-6666', 'phone.not_mobile'],
      ['0755-88886666', 'phone.not_mobile'],
      ['138 0013 8000 / 139 0013 8000', 'phone.not_digits'],
      ['一三八零零一三八零零零', 'phone.not_digits'],
      ['+1 415 555 0100', 'phone.not_digits'],
    ])('refuses %s (%s)', (typed, reason) => {
      expect(parsePhone(typed)).toEqual({ ok: false, reason });
    });
  });

  describe('names', () => {
    it.each([
      ['我叫王芳', '王芳'],
      ['我是李四', '李四'],
      ['我叫王芳。', '王芳'],
      ['您好，我叫张伟', '张伟'],
      ['叫我小王就行', '小王'],
      ['叫我小王就好了', '小王'],
      ['我的名字是陈静', '陈静'],
      ['名字：Anna', 'Anna'],
      ['姓名：刘洋', '刘洋'],
      ['我是王女士呀', '王女士'],
      ['王芳。', '王芳'],
      ['王芳！', '王芳'],
      ['王芳~', '王芳'],
      ['阿依·古丽', '阿依·古丽'],
      ['阿依•古丽', '阿依·古丽'],
      ['阿依‧古丽', '阿依·古丽'],
      ['阿依・古丽', '阿依·古丽'],
      ['阿依.古丽', '阿依·古丽'],
      ['阿依．古丽', '阿依·古丽'],
      ['阿依･古丽', '阿依·古丽'],
      ['阿依 · 古丽', '阿依·古丽'],
      ['我叫阿依•古丽。', '阿依·古丽'],
      ['Anna・李', 'Anna·李'],
      ['Mary Jane', 'Mary Jane'],
    ])('stores %s as %s', (typed, stored) => {
      expect(parseName(typed)).toEqual({ ok: true, value: stored });
    });

    it.each([
      ['我是张三的妈妈', 'name.sentence'],
      ['我是来投诉的', 'name.sentence'],
      ['我叫王芳，电话138', 'name.sentence'],
      ['王芳123', 'name.bad_chars'],
      ['。。。', 'name.empty'],
      ['王芳?', 'name.bad_chars'],
    ])('asks again for %s (%s)', (typed, reason) => {
      expect(parseName(typed)).toEqual({ ok: false, reason });
    });
  });

  describe('birthdays', () => {
    const solar = (year: number | null, month: number, day: number) => ({ calendar: 'solar', year, month, day, leapMonth: false });
    const lunar = (year: number | null, month: number, day: number, leapMonth = false) => ({ calendar: 'lunar', year, month, day, leapMonth });
    it.each([
      // Lunar words make the calendar plain without 农历/阴历.
      ['腊月初八', lunar(null, 12, 8)],
      ['正月十五', lunar(null, 1, 15)],
      ['冬月廿三', lunar(null, 11, 23)],
      ['八月初三', lunar(null, 8, 3)],
      ['三月廿三', lunar(null, 3, 23)],
      ['闰四月初一', lunar(null, 4, 1, true)],
      ['1990年腊月初八', lunar(1990, 12, 8)],
      ['农历一九九〇年八月十五', lunar(1990, 8, 15)],
      ['阴历腊月初八。', lunar(null, 12, 8)],
      ['我生日是腊月初八', lunar(null, 12, 8)],
      // Two-digit years where only one century fits a living adult member.
      ['90年5月3日', solar(1990, 5, 3)],
      ['85年12月1号', solar(1985, 12, 1)],
      ['05年3月1日', solar(2005, 3, 1)],
      ['90.5.3', solar(1990, 5, 3)],
      ['90-05-03', solar(1990, 5, 3)],
      ['农历90年八月十五', lunar(1990, 8, 15)],
      // One run of digits.
      ['19900315', solar(1990, 3, 15)],
      ['900315', solar(1990, 3, 15)],
      ['0315', solar(null, 3, 15)],
      ['1231', solar(null, 12, 31)],
      // Chinese numerals, with 日/号 (solar).
      ['三月十五日', solar(null, 3, 15)],
      ['十二月三十一号', solar(null, 12, 31)],
      ['一九九〇年三月十五日', solar(1990, 3, 15)],
      ['一九九零年十月一日', solar(1990, 10, 1)],
      ['二〇〇五年二月二十八日', solar(2005, 2, 28)],
      ['九〇年三月十五日', solar(1990, 3, 15)],
      // Trailing punctuation and words.
      ['1990年5月3日。', solar(1990, 5, 3)],
      ['5月3日！', solar(null, 5, 3)],
      ['1990-05-03.', solar(1990, 5, 3)],
      ['5月3号哦', solar(null, 5, 3)],
      ['我的生日是1990年5月3日', solar(1990, 5, 3)],
      ['公历5月3日', solar(null, 5, 3)],
    ])('reads %s', (typed, value) => {
      expect(parseBirthday(typed, today)).toEqual({ ok: true, value });
    });

    it.each([
      // Either calendar: ask which.
      ['三月十五', 'birthday.which_calendar'],
      ['八月十五', 'birthday.which_calendar'],
      ['一九九〇年三月十五', 'birthday.which_calendar'],
      // Two centuries fit (1920 or 2020, 1926 or 2026): ask for four digits.
      ['20年5月3日', 'birthday.which_year'],
      ['26年1月1日', 'birthday.which_year'],
      ['17年5月3日', 'birthday.which_year'],
      // Not a date, or a date that does not exist.
      ['1990', 'birthday.unrecognised'],
      ['199003', 'birthday.unrecognised'],
      ['3152', 'birthday.unrecognised'],
      ['315', 'birthday.unrecognised'],
      ['12.5.3', 'birthday.unrecognised'],
      ['初八', 'birthday.unrecognised'],
      ['十三月一日', 'birthday.impossible'],
      ['19900230', 'birthday.unrecognised'],
      ['二月三十日', 'birthday.impossible'],
      ['腊月三十一', 'birthday.impossible'],
      ['2030年5月3日', 'birthday.bad_year'],
      ['20300503', 'birthday.bad_year'],
    ])('asks again for %s (%s)', (typed, reason) => {
      expect(parseBirthday(typed, today)).toEqual({ ok: false, reason });
    });
  });
});
