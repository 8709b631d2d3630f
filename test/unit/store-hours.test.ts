import { parseStoreHours, storeCalendar, type StoreCalendar } from '../../src/shared/store-hours';
import { acknowledgeDueAt, answerCutoff, answerDueAt, dailyReminderDue, type DeadlineConfig, type ReminderTicket } from '../../src/complaints/deadlines/deadline-rules';

const TZ = 'Asia/Shanghai';
const at = (s: string) => new Date(`${s}+08:00`);
const cal = (spec: string, holidays: 'cn' | 'none' = 'cn'): StoreCalendar => storeCalendar({ weekly: parseStoreHours(spec)!, timezone: TZ, holidays });
const everyDay = cal('daily 09:00-21:00');
const weekdaysOnly = cal('mon-fri 09:00-18:00');

describe('STORE_HOURS parsing', () => {
  const h = (open: string, close: string) => {
    const m = (x: string) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3));
    return { open: m(open), close: m(close) };
  };

  it('reads weekday ranges with hours, Sunday first like Date#getDay', () => {
    expect(parseStoreHours('mon-fri 09:00-21:00,sat-sun 10:00-22:00')).toEqual([
      h('10:00', '22:00'), h('09:00', '21:00'), h('09:00', '21:00'), h('09:00', '21:00'), h('09:00', '21:00'), h('09:00', '21:00'), h('10:00', '22:00'),
    ]);
    expect(parseStoreHours('daily 09:00-21:00')).toEqual(new Array(7).fill(h('09:00', '21:00')));
  });

  it('reads day lists, ranges over the weekend, closed days, 24:00 and unnamed days as closed', () => {
    expect(parseStoreHours('mon,wed 10:00-18:00; fri-sun 00:00-24:00')).toEqual([h('00:00', '24:00'), h('10:00', '18:00'), null, h('10:00', '18:00'), null, h('00:00', '24:00'), h('00:00', '24:00')]);
    expect(parseStoreHours('mon-sat 09:00-21:00, sun closed')?.[0]).toBeNull();
    expect(parseStoreHours('MON-FRI 09:00-18:00')?.[6]).toBeNull();
  });

  it.each([
    ['', 'nothing'],
    ['mon-fri', 'no hours'],
    ['mon-fri 21:00-09:00', 'closing before opening'],
    ['mon-fri 09:00-09:00', 'an empty day'],
    ['mon-fri 9:00-21:00', 'an hour without its zero'],
    ['mon-fri 09:00-25:00', 'no such time'],
    ['mon-fri 09:00-21:00,fri 10:00-22:00', 'a day named twice'],
    ['daily closed', 'never open'],
    ['weekdays 09:00-21:00', 'no such day'],
    ['mon-fri 09:00-21:00 sat', 'something left over'],
  ])('refuses %j (%s)', (spec) => {
    expect(parseStoreHours(spec)).toBeNull();
  });
});

describe('store calendar', () => {
  it('starts the clock of something filed at night at the next opening: 22:30 + 1 hour → 10:00', () => {
    expect(everyDay.addOpenMinutes(at('2026-11-23T22:30:00'), 60)).toEqual(at('2026-11-24T10:00:00'));
    expect(everyDay.addOpenMinutes(at('2026-11-24T06:00:00'), 60)).toEqual(at('2026-11-24T10:00:00'));
    // Filed in the evening: the rest of today's hours count, the remainder tomorrow.
    expect(everyDay.addOpenMinutes(at('2026-11-23T20:30:00'), 60)).toEqual(at('2026-11-24T09:30:00'));
    // Ending exactly at closing time stays today.
    expect(everyDay.addOpenMinutes(at('2026-11-23T20:00:00'), 60)).toEqual(at('2026-11-23T21:00:00'));
  });

  it('crosses days: 24 store hours of 12-hour days are two days', () => {
    expect(everyDay.addOpenMinutes(at('2026-11-23T10:00:00'), 24 * 60)).toEqual(at('2026-11-25T10:00:00'));
    expect(everyDay.openMinutesBetween(at('2026-11-23T10:00:00'), at('2026-11-25T10:00:00'))).toBe(24 * 60);
  });

  it('follows the weekend configuration', () => {
    const weekend = cal('mon-fri 09:00-21:00,sat-sun 10:00-22:00');
    // Friday 20:30: half an hour on Friday, half an hour from Saturday's 10:00.
    expect(weekend.addOpenMinutes(at('2026-11-20T20:30:00'), 60)).toEqual(at('2026-11-21T10:30:00'));
    // Saturday 21:30: the half hour before 22:00, then Sunday from 10:00.
    expect(weekend.addOpenMinutes(at('2026-11-21T21:30:00'), 60)).toEqual(at('2026-11-22T10:30:00'));
    // A store closed at the weekend: Friday 17:30 + 1 hour → Monday 09:30.
    expect(weekdaysOnly.addOpenMinutes(at('2026-11-20T17:30:00'), 60)).toEqual(at('2026-11-23T09:30:00'));
  });

  it('skips the 国庆 holiday (2026-10-01…07): filed on 30 September in the evening, due on 8 October', () => {
    expect(everyDay.day('2026-10-03')).toMatchObject({ kind: 'holiday', holiday: '国庆节', hours: null });
    expect(everyDay.addOpenMinutes(at('2026-09-30T20:30:00'), 60)).toEqual(at('2026-10-08T09:30:00'));
    expect(everyDay.addOpenMinutes(at('2026-10-02T12:00:00'), 60)).toEqual(at('2026-10-08T10:00:00'));
    expect(everyDay.openMinutesBetween(at('2026-09-30T20:30:00'), at('2026-10-08T09:30:00'))).toBe(60);
    // 春节 2026 (15–23 February) too.
    expect(everyDay.addOpenMinutes(at('2026-02-14T20:30:00'), 60)).toEqual(at('2026-02-24T09:30:00'));
  });

  it('counts a 调休 Saturday as a working day, with working-day hours, in a store closed at weekends', () => {
    expect(weekdaysOnly.day('2026-10-10')).toMatchObject({ kind: 'make_up_workday', holiday: '国庆节', hours: { open: 540, close: 1080 } });
    // Friday 9 October 17:30 → Saturday 10 October (调休) 09:30, not Monday.
    expect(weekdaysOnly.addOpenMinutes(at('2026-10-09T17:30:00'), 60)).toEqual(at('2026-10-10T09:30:00'));
    // An ordinary Saturday stays closed.
    expect(weekdaysOnly.addOpenMinutes(at('2026-10-16T17:30:00'), 60)).toEqual(at('2026-10-19T09:30:00'));
    // Sunday 20 September 2026 is a 调休 working day too.
    expect(weekdaysOnly.day('2026-09-20').kind).toBe('make_up_workday');
  });

  it('uses the weekly hours alone without the holiday calendar, and for a year the calendar does not know yet', () => {
    expect(cal('daily 09:00-21:00', 'none').addOpenMinutes(at('2026-10-02T12:00:00'), 60)).toEqual(at('2026-10-02T13:00:00'));
    expect(everyDay.day('2031-10-02').kind).toBe('regular');
  });

  it('counts working-day time for "within 24 hours": from the next opening, skipping closed days and holidays', () => {
    expect(everyDay.addWorkingDayMinutes(at('2026-11-22T10:00:00'), 24 * 60)).toEqual(at('2026-11-23T10:00:00'));
    expect(everyDay.addWorkingDayMinutes(at('2026-11-22T23:00:00'), 24 * 60)).toEqual(at('2026-11-24T09:00:00'));
    // 国庆: filed on 30 September, due on 8 October at the same time.
    expect(everyDay.addWorkingDayMinutes(at('2026-09-30T10:00:00'), 24 * 60)).toEqual(at('2026-10-08T10:00:00'));
    // Closed at weekends: Friday 10:00 → Monday 10:00; before 国庆调休 Saturday 10 October it counts.
    expect(weekdaysOnly.addWorkingDayMinutes(at('2026-11-20T10:00:00'), 24 * 60)).toEqual(at('2026-11-23T10:00:00'));
    expect(weekdaysOnly.addWorkingDayMinutes(at('2026-10-09T10:00:00'), 24 * 60)).toEqual(at('2026-10-10T10:00:00'));
    // An end after closing time moves to the next opening: Sunday 21:30 + 24 h is Monday 21:30, after Monday's 21:00 → Tuesday 09:00.
    const weekend = cal('mon-fri 09:00-21:00,sat-sun 10:00-22:00');
    expect(weekend.addWorkingDayMinutes(at('2026-11-22T21:30:00'), 24 * 60)).toEqual(at('2026-11-24T09:00:00'));
  });

  it('subtracts as the exact inverse of adding (the filing cut-off of the deadline queries)', () => {
    const instants = ['2026-11-23T09:30:00', '2026-11-24T09:00:00', '2026-11-23T22:30:00', '2026-10-08T09:10:00', '2026-10-10T09:00:00', '2026-11-23T21:00:00'];
    for (const calendar of [everyDay, weekdaysOnly]) {
      for (const s of instants) {
        for (const minutes of [1, 60, 24 * 60]) {
          const now = at(s);
          const cutoff = calendar.subtractOpenMinutes(now, minutes);
          expect(calendar.addOpenMinutes(cutoff, minutes).getTime()).toBeLessThanOrEqual(now.getTime());
          expect(calendar.addOpenMinutes(new Date(cutoff.getTime() + 1), minutes).getTime()).toBeGreaterThan(now.getTime());
        }
      }
    }
    expect(everyDay.subtractOpenMinutes(at('2026-11-24T09:30:00'), 60)).toEqual(at('2026-11-23T20:30:00'));
  });

  it('measures opening time between two instants', () => {
    expect(everyDay.openMinutesBetween(at('2026-11-23T22:30:00'), at('2026-11-24T10:00:00'))).toBe(60);
    expect(everyDay.openMinutesBetween(at('2026-11-23T10:00:00'), at('2026-11-23T10:00:00'))).toBe(0);
    expect(everyDay.openMinutesBetween(at('2026-11-23T12:00:00'), at('2026-11-23T10:00:00'))).toBe(0);
  });
});

describe('complaint deadlines on store time', () => {
  const cfg: DeadlineConfig = { ackMinutes: 60, answerHours: 24, calendar: everyDay };

  it('makes a complaint filed at 22:30 due one hour after opening, not at 23:30', () => {
    expect(acknowledgeDueAt(at('2026-11-23T22:30:00'), cfg)).toEqual(at('2026-11-24T10:00:00'));
    // The answer's 24 hours start at the next opening (Tuesday 09:00) and run through the day.
    expect(answerDueAt(at('2026-11-23T22:30:00'), cfg)).toEqual(at('2026-11-25T09:00:00'));
    expect(answerDueAt(at('2026-11-22T10:00:00'), cfg)).toEqual(at('2026-11-23T10:00:00'));
  });

  it('gives answer cut-offs that are the exact inverse of the answer deadline', () => {
    for (const s of ['2026-11-24T09:30:00', '2026-11-25T09:00:00', '2026-10-08T10:00:00', '2026-10-03T12:00:00', '2026-11-23T23:00:00']) {
      const now = at(s);
      const cutoff = answerCutoff(now, cfg);
      expect(answerDueAt(cutoff, cfg).getTime()).toBeLessThanOrEqual(now.getTime());
      expect(answerDueAt(new Date(cutoff.getTime() + 1), cfg).getTime()).toBeGreaterThan(now.getTime());
    }
  });

  const ticket = (over: Partial<ReminderTicket> = {}): ReminderTicket => ({
    status: 'in_progress',
    createdAt: at('2026-11-23T10:00:00'),
    acknowledgedAt: at('2026-11-23T10:10:00'),
    firstAnsweredAt: null,
    ackBreachedAt: null,
    answerBreachedAt: at('2026-11-25T10:00:00'),
    answerRemindedOn: null,
    ...over,
  });

  it('reminds an unanswered ticket once on each working day after the escalation, while the store is open', () => {
    expect(dailyReminderDue(ticket(), at('2026-11-25T15:00:00'), cfg, TZ)).toBeNull(); // the escalation's own day
    expect(dailyReminderDue(ticket(), at('2026-11-26T08:59:00'), cfg, TZ)).toBeNull(); // before opening
    expect(dailyReminderDue(ticket(), at('2026-11-26T09:00:00'), cfg, TZ)).toBe('2026-11-26');
    expect(dailyReminderDue(ticket({ answerRemindedOn: '2026-11-26' }), at('2026-11-26T15:00:00'), cfg, TZ)).toBeNull();
    expect(dailyReminderDue(ticket({ answerRemindedOn: '2026-11-26' }), at('2026-11-27T09:05:00'), cfg, TZ)).toBe('2026-11-27');
    expect(dailyReminderDue(ticket(), at('2026-11-26T21:30:00'), cfg, TZ)).toBeNull(); // after closing
  });

  it('never reminds on a holiday, nor about an answered, resolved or not yet escalated ticket', () => {
    const holidayCase = ticket({ answerBreachedAt: at('2026-09-30T10:00:00') });
    expect(dailyReminderDue(holidayCase, at('2026-10-02T10:00:00'), cfg, TZ)).toBeNull();
    expect(dailyReminderDue(holidayCase, at('2026-10-08T10:00:00'), cfg, TZ)).toBe('2026-10-08');
    expect(dailyReminderDue(ticket({ firstAnsweredAt: at('2026-11-25T11:00:00') }), at('2026-11-26T10:00:00'), cfg, TZ)).toBeNull();
    expect(dailyReminderDue(ticket({ status: 'resolved' }), at('2026-11-26T10:00:00'), cfg, TZ)).toBeNull();
    expect(dailyReminderDue(ticket({ answerBreachedAt: null }), at('2026-11-26T10:00:00'), cfg, TZ)).toBeNull();
  });
});
