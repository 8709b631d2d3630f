import {
  addDays,
  birthdayIn,
  birthdayLabel,
  birthdayQueryFor,
  FESTIVALS,
  festivalsOn,
  isBirthdayOn,
  lunarOf,
  nthSunday,
  seasonStartOn,
  solarOfLunar,
  TARGETED_FESTIVALS,
  type BirthdayLike,
} from '../../src/care/occasion-calendar';

const solar = (month: number, day: number): BirthdayLike => ({ birthdayCalendar: 'solar', birthMonth: month, birthDay: day, birthLeapMonth: false });
const lunar = (month: number, day: number, leap = false): BirthdayLike => ({ birthdayCalendar: 'lunar', birthMonth: month, birthDay: day, birthLeapMonth: leap });
const festivalDate = (id: string, year: number) => [...FESTIVALS, ...TARGETED_FESTIVALS].find((f) => f.id === id)!.dateIn(year);

describe('care calendar: birthdays', () => {
  it('moves a lunar birthday to a different solar date each year', () => {
    const b = lunar(8, 15);
    expect(birthdayIn(b, 2026)).toBe('2026-09-25');
    expect(birthdayIn(b, 2027)).toBe('2027-09-15');
    expect(isBirthdayOn(b, '2026-09-25')).toBe(true);
    expect(isBirthdayOn(b, '2027-09-15')).toBe(true);
    expect(isBirthdayOn(b, '2027-09-25')).toBe(false);
    expect(birthdayLabel(b)).toBe('农历八月十五');
  });

  it('celebrates a leap-month birthday in the leap month when the year has one, else in the ordinary month', () => {
    // 2025 has a leap sixth month (闰六月); 2026 has none.
    expect(lunarOf('2025-07-25')).toMatchObject({ year: 2025, month: 6, day: 1, leap: true });
    const leapBorn = lunar(6, 10, true);
    const ordinaryBorn = lunar(6, 10, false);
    const leapDay2025 = solarOfLunar(2025, 6, 10, true)!;
    const ordinaryDay2025 = solarOfLunar(2025, 6, 10, false)!;
    expect(isBirthdayOn(leapBorn, leapDay2025)).toBe(true);
    expect(isBirthdayOn(leapBorn, ordinaryDay2025)).toBe(false);
    expect(isBirthdayOn(ordinaryBorn, ordinaryDay2025)).toBe(true);
    expect(isBirthdayOn(ordinaryBorn, leapDay2025)).toBe(false);
    // No leap month in 2026: the leap-born member is greeted in the ordinary sixth month.
    const ordinaryDay2026 = solarOfLunar(2026, 6, 10)!;
    expect(isBirthdayOn(leapBorn, ordinaryDay2026)).toBe(true);
    expect(birthdayIn(leapBorn, 2026)).toBe(ordinaryDay2026);
    expect(birthdayLabel(leapBorn)).toBe('农历闰六月初十');
  });

  it('celebrates a lunar 30th on the 29th when that month is short that year', () => {
    // Find a 29-day lunar month in 2026 and check its last day catches the 30th.
    let day = '2026-01-01';
    let found: string | null = null;
    for (let i = 0; i < 400 && !found; i++, day = addDays(day, 1)) {
      const l = lunarOf(day);
      if (l.day === 29 && l.monthDays === 29 && !l.leap) found = day;
    }
    expect(found).not.toBeNull();
    const l = lunarOf(found!);
    expect(birthdayQueryFor(found!).lunar.days).toEqual([29, 30]);
    expect(isBirthdayOn(lunar(l.month, 30), found!)).toBe(true);
  });

  it('celebrates 2月29日 on 2月28日 in a non-leap year and on the 29th in a leap year', () => {
    const b = solar(2, 29);
    expect(birthdayIn(b, 2027)).toBe('2027-02-28');
    expect(isBirthdayOn(b, '2027-02-28')).toBe(true);
    expect(isBirthdayOn(b, '2028-02-28')).toBe(false);
    expect(isBirthdayOn(b, '2028-02-29')).toBe(true);
    expect(birthdayQueryFor('2027-02-28').solar).toEqual({ month: 2, days: [28, 29] });
    expect(birthdayQueryFor('2028-02-28').solar).toEqual({ month: 2, days: [28] });
  });

  it('matches a solar birthday only on its day', () => {
    expect(isBirthdayOn(solar(3, 12), '2026-03-12')).toBe(true);
    expect(isBirthdayOn(solar(3, 12), '2026-03-13')).toBe(false);
    expect(isBirthdayOn({ birthdayCalendar: null, birthMonth: null, birthDay: null, birthLeapMonth: false }, '2026-03-12')).toBe(false);
  });
});

describe('care calendar: festivals and seasons', () => {
  it('puts 母亲节 on the second Sunday of May and 父亲节 on the third Sunday of June', () => {
    expect(nthSunday(2026, 5, 2)).toBe('2026-05-10');
    expect(nthSunday(2026, 6, 3)).toBe('2026-06-21');
    expect(festivalDate('mothers_day', 2026)).toBe('2026-05-10');
    expect(festivalDate('fathers_day', 2026)).toBe('2026-06-21');
    expect(festivalDate('mothers_day', 2027)).toBe('2027-05-09');
    expect(festivalDate('fathers_day', 2027)).toBe('2027-06-20');
  });

  it('computes 春节, 端午 and 中秋 for 2026 and 2027 from the lunar calendar', () => {
    expect(festivalDate('spring_festival', 2026)).toBe('2026-02-17');
    expect(festivalDate('dragon_boat', 2026)).toBe('2026-06-19');
    expect(festivalDate('mid_autumn', 2026)).toBe('2026-09-25');
    expect(festivalDate('spring_festival', 2027)).toBe('2027-02-06');
    expect(festivalDate('dragon_boat', 2027)).toBe('2027-06-09');
    expect(festivalDate('mid_autumn', 2027)).toBe('2027-09-15');
    expect(festivalDate('lantern', 2026)).toBe('2026-03-03');
    expect(festivalDate('double_ninth', 2026)).toBe('2026-10-18');
  });

  it('finds the festivals of a day, honouring the enabled list', () => {
    expect(festivalsOn(FESTIVALS, '2026-09-25').map((f) => f.label)).toEqual(['中秋节']);
    expect(festivalsOn(FESTIVALS, '2026-09-25', ['christmas'])).toEqual([]);
    expect(festivalsOn(FESTIVALS, '2026-09-24')).toEqual([]);
    expect(festivalsOn(TARGETED_FESTIVALS, '2026-03-08').map((f) => [f.label, f.audience])).toEqual([['三八妇女节', 'women']]);
    expect(festivalsOn(TARGETED_FESTIVALS, '2026-09-10').map((f) => f.audience)).toEqual(['teachers']);
  });

  it('starts the seasons on 立春, 立夏, 立秋 and 立冬 by the solar terms', () => {
    expect(seasonStartOn('2026-02-04')).toEqual({ term: '立春', season: 'spring' });
    expect(seasonStartOn('2026-05-05')).toEqual({ term: '立夏', season: 'summer' });
    expect(seasonStartOn('2026-08-07')).toEqual({ term: '立秋', season: 'autumn' });
    expect(seasonStartOn('2026-11-07')).toEqual({ term: '立冬', season: 'winter' });
    expect(seasonStartOn('2027-02-04')).toEqual({ term: '立春', season: 'spring' });
    // Other solar terms (春分, 冬至) are not season starts.
    expect(seasonStartOn('2026-03-20')).toBeNull();
    expect(seasonStartOn('2026-12-22')).toBeNull();
    expect(seasonStartOn('2026-08-08')).toBeNull();
  });
});
