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
