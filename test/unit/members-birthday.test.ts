import {
  birthdayDateProblem,
  birthdayQueryFor,
  celebrationDateIn,
  formatBirthday,
  isCelebratedOn,
  leapMonthOf,
  lunarBirthdayProblem,
  lunarDayName,
  lunarMonthDays,
  lunarOf,
  solarBirthdayProblem,
  solarOfLunar,
  type BirthdayDate,
} from '../../src/members/birthday';

const solar = (month: number, day: number): BirthdayDate => ({ calendar: 'solar', month, day, leapMonth: false });
const lunar = (month: number, day: number, leapMonth = false): BirthdayDate => ({ calendar: 'lunar', month, day, leapMonth });

describe('birthday validation', () => {
  it('accepts 2月29日 without a year and in a leap year, and refuses it in a common year', () => {
    expect(solarBirthdayProblem({ year: null, month: 2, day: 29 })).toBeNull();
    expect(solarBirthdayProblem({ year: 2024, month: 2, day: 29 })).toBeNull();
    expect(solarBirthdayProblem({ year: 2023, month: 2, day: 29 })).toBe('no_such_day');
  });

  it('refuses solar dates no month has', () => {
    expect(solarBirthdayProblem({ year: 1990, month: 5, day: 3 })).toBeNull();
    expect(solarBirthdayProblem({ year: null, month: 4, day: 31 })).toBe('no_such_day');
    expect(solarBirthdayProblem({ year: null, month: 2, day: 30 })).toBe('no_such_day');
    expect(solarBirthdayProblem({ year: null, month: 5, day: 0 })).toBe('no_such_day');
    expect(solarBirthdayProblem({ year: null, month: 13, day: 1 })).toBe('bad_month');
    expect(solarBirthdayProblem({ year: null, month: 0, day: 3 })).toBe('bad_month');
  });

  it('accepts any lunar day up to 30 without a year', () => {
    expect(lunarBirthdayProblem({ year: null, month: 8, day: 15, leapMonth: false })).toBeNull();
    expect(lunarBirthdayProblem({ year: null, month: 3, day: 30, leapMonth: false })).toBeNull();
    expect(lunarBirthdayProblem({ year: null, month: 6, day: 10, leapMonth: true })).toBeNull();
    expect(lunarBirthdayProblem({ year: null, month: 8, day: 31, leapMonth: false })).toBe('bad_day');
    expect(lunarBirthdayProblem({ year: null, month: 13, day: 1, leapMonth: false })).toBe('bad_month');
  });

  it('checks a lunar leap month (闰月) and the 30th against the given year', () => {
    // 2023 has a leap second month of 29 days; 2024 no leap fourth month; 2025 a leap sixth month.
    expect(leapMonthOf(2023)).toBe(2);
    expect(lunarMonthDays(2023, 2, true)).toBe(29);
    expect(lunarBirthdayProblem({ year: 2023, month: 2, day: 29, leapMonth: true })).toBeNull();
    expect(lunarBirthdayProblem({ year: 2023, month: 2, day: 30, leapMonth: true })).toBe('no_such_day');
    expect(lunarBirthdayProblem({ year: 2024, month: 4, day: 3, leapMonth: true })).toBe('no_leap_month');
    expect(lunarBirthdayProblem({ year: 2025, month: 6, day: 1, leapMonth: true })).toBeNull();
    expect(lunarBirthdayProblem({ year: 1990, month: 5, day: 3, leapMonth: true })).toBeNull();
    expect(lunarBirthdayProblem({ year: 1990, month: 3, day: 1, leapMonth: true })).toBe('no_leap_month');
    expect(lunarMonthDays(2024, 4, true)).toBeNull();
  });

  it('judges either calendar, refusing a leap month on a solar birthday', () => {
    expect(birthdayDateProblem({ calendar: 'solar', month: 5, day: 3, leapMonth: true })).toBe('leap_month_on_solar');
    expect(birthdayDateProblem({ calendar: 'solar', year: 2023, month: 2, day: 29 })).toBe('no_such_day');
    expect(birthdayDateProblem({ calendar: 'lunar', month: 8, day: 15 })).toBeNull();
    expect(birthdayDateProblem({ calendar: 'lunar', year: 2024, month: 4, day: 3, leapMonth: true })).toBe('no_leap_month');
  });
});

describe('birthday celebration dates', () => {
  it('moves a lunar birthday to its solar date in each year', () => {
    expect(celebrationDateIn(lunar(8, 15), 2026)).toBe('2026-09-25');
    expect(celebrationDateIn(lunar(8, 15), 2027)).toBe('2027-09-15');
    expect(celebrationDateIn(solar(3, 12), 2026)).toBe('2026-03-12');
  });

  it('celebrates a leap-month birthday in the leap month when the year has it, else in the ordinary month', () => {
    expect(lunarOf('2025-07-25')).toMatchObject({ year: 2025, month: 6, day: 1, leap: true });
    expect(celebrationDateIn(lunar(6, 10, true), 2025)).toBe(solarOfLunar(2025, 6, 10, true));
    expect(celebrationDateIn(lunar(6, 10, false), 2025)).toBe(solarOfLunar(2025, 6, 10, false));
    expect(celebrationDateIn(lunar(6, 10, true), 2026)).toBe(solarOfLunar(2026, 6, 10));
  });

  it('celebrates a lunar 30th on the 29th of a short month', () => {
    const short = [2, 3, 4, 5, 6, 7, 8, 9, 10].find((m) => lunarMonthDays(2026, m) === 29)!;
    expect(short).toBeDefined();
    expect(solarOfLunar(2026, short, 30)).toBeNull();
    const the29th = solarOfLunar(2026, short, 29)!;
    expect(celebrationDateIn(lunar(short, 30), 2026)).toBe(the29th);
    expect(isCelebratedOn(lunar(short, 30), the29th)).toBe(true);
    expect(birthdayQueryFor(the29th).lunar.days).toEqual([29, 30]);
  });

  it('celebrates 2月29日 on 2月28日 in a common year', () => {
    expect(celebrationDateIn(solar(2, 29), 2027)).toBe('2027-02-28');
    expect(celebrationDateIn(solar(2, 29), 2028)).toBe('2028-02-29');
    expect(isCelebratedOn(solar(2, 29), '2027-02-28')).toBe(true);
    expect(isCelebratedOn(solar(2, 29), '2028-02-28')).toBe(false);
  });

  it('agrees with itself: the date a birthday falls on in a year is a day that celebrates it', () => {
    const birthdays: BirthdayDate[] = [solar(1, 1), solar(2, 29), solar(12, 31)];
    for (let month = 1; month <= 12; month++) for (const day of [1, 29, 30]) for (const leap of [false, true]) birthdays.push(lunar(month, day, leap));
    for (let year = 2025; year <= 2027; year++) {
      for (const b of birthdays) {
        const on = celebrationDateIn(b, year);
        if (on === null) continue;
        expect({ b, year, celebrated: isCelebratedOn(b, on) }).toEqual({ b, year, celebrated: true });
      }
    }
  });
});

describe('birthday display', () => {
  it('names lunar days the way calendars do', () => {
    expect([1, 10, 11, 19, 20, 21, 29, 30].map(lunarDayName)).toEqual(['初一', '初十', '十一', '十九', '二十', '廿一', '廿九', '三十']);
  });

  it('shows birthdays with and without a year', () => {
    expect(formatBirthday({ calendar: 'solar', year: 1990, month: 5, day: 3, leapMonth: false })).toBe('1990年5月3日');
    expect(formatBirthday({ calendar: 'solar', year: null, month: 2, day: 29, leapMonth: false })).toBe('2月29日');
    expect(formatBirthday({ calendar: 'lunar', year: null, month: 6, day: 10, leapMonth: true })).toBe('农历闰六月初十');
    expect(formatBirthday({ calendar: 'lunar', year: 1990, month: 12, day: 8, leapMonth: false })).toBe('农历1990年腊月初八');
  });
});
