import {
  acknowledgeCutoff,
  acknowledgeDueAt,
  answerCutoff,
  answerDueAt,
  breachesDue,
  overdue,
  type DeadlineConfig,
  type DeadlineTicket,
} from '../../src/complaints/deadlines/deadline-rules';
import { parseStoreHours, storeCalendar } from '../../src/shared/store-hours';

const MIN = 60_000;
const HOUR = 60 * MIN;
// These cases are about the rules themselves: a store open round the clock, where store time is elapsed time.
const roundTheClock = storeCalendar({ weekly: parseStoreHours('daily 00:00-24:00')!, timezone: 'Asia/Shanghai', holidays: 'none' });
const cfg: DeadlineConfig = { ackMinutes: 60, answerHours: 24, calendar: roundTheClock };
const filedAt = new Date('2026-11-22T10:00:00+08:00');
const at = (ms: number) => new Date(filedAt.getTime() + ms);

const ticket = (over: Partial<DeadlineTicket> = {}): DeadlineTicket => ({
  status: 'open',
  createdAt: filedAt,
  acknowledgedAt: null,
  firstAnsweredAt: null,
  ackBreachedAt: null,
  answerBreachedAt: null,
  ...over,
});

describe('complaint deadlines', () => {
  it('makes a ticket due for acknowledgement ackMinutes after filing and for an answer answerHours after', () => {
    expect(acknowledgeDueAt(filedAt, cfg)).toEqual(at(HOUR));
    expect(answerDueAt(filedAt, cfg)).toEqual(at(24 * HOUR));
    expect(acknowledgeDueAt(filedAt, { ackMinutes: 30, answerHours: 2, calendar: roundTheClock })).toEqual(at(30 * MIN));
    expect(answerDueAt(filedAt, { ackMinutes: 30, answerHours: 2, calendar: roundTheClock })).toEqual(at(2 * HOUR));
  });

  it('counts elapsed time, night included (no business hours)', () => {
    const late = new Date('2026-11-22T23:30:00+08:00');
    expect(acknowledgeDueAt(late, cfg)).toEqual(new Date('2026-11-23T00:30:00+08:00'));
    expect(overdue(ticket({ createdAt: late }), new Date('2026-11-23T00:30:00+08:00'), cfg).acknowledge).toBe(true);
  });

  it('is not overdue one millisecond before the acknowledge deadline', () => {
    expect(overdue(ticket(), at(HOUR - 1), cfg)).toEqual({ acknowledge: false, answer: false });
    expect(breachesDue(ticket(), at(HOUR - 1), cfg)).toEqual({ ackReminder: false, escalation: false });
  });

  it('is overdue exactly at the acknowledge deadline, and after it', () => {
    expect(overdue(ticket(), at(HOUR), cfg)).toEqual({ acknowledge: true, answer: false });
    expect(breachesDue(ticket(), at(HOUR), cfg)).toEqual({ ackReminder: true, escalation: false });
    expect(overdue(ticket(), at(2 * HOUR), cfg).acknowledge).toBe(true);
  });

  it('escalates exactly at the answer deadline, not a millisecond before', () => {
    expect(breachesDue(ticket(), at(24 * HOUR - 1), cfg).escalation).toBe(false);
    expect(breachesDue(ticket(), at(24 * HOUR), cfg)).toEqual({ ackReminder: true, escalation: true });
    expect(overdue(ticket(), at(24 * HOUR), cfg)).toEqual({ acknowledge: true, answer: true });
  });

  it('stops the acknowledge clock once someone acknowledged, but not the answer clock', () => {
    const acked = ticket({ status: 'in_progress', acknowledgedAt: at(10 * MIN) });
    expect(overdue(acked, at(2 * HOUR), cfg)).toEqual({ acknowledge: false, answer: false });
    expect(overdue(acked, at(25 * HOUR), cfg)).toEqual({ acknowledge: false, answer: true });
    expect(breachesDue(acked, at(25 * HOUR), cfg)).toEqual({ ackReminder: false, escalation: true });
  });

  it('stops both clocks once a first answer reached the member', () => {
    const answered = ticket({ status: 'in_progress', acknowledgedAt: at(5 * MIN), firstAnsweredAt: at(5 * MIN) });
    expect(overdue(answered, at(48 * HOUR), cfg)).toEqual({ acknowledge: false, answer: false });
    expect(breachesDue(answered, at(48 * HOUR), cfg)).toEqual({ ackReminder: false, escalation: false });
  });

  it('never raises a breach already recorded on the ticket, though the ticket stays overdue', () => {
    const reminded = ticket({ ackBreachedAt: at(HOUR) });
    expect(breachesDue(reminded, at(2 * HOUR), cfg).ackReminder).toBe(false);
    expect(overdue(reminded, at(2 * HOUR), cfg).acknowledge).toBe(true);
    const escalated = ticket({ ackBreachedAt: at(HOUR), answerBreachedAt: at(24 * HOUR) });
    expect(breachesDue(escalated, at(30 * HOUR), cfg)).toEqual({ ackReminder: false, escalation: false });
    expect(overdue(escalated, at(30 * HOUR), cfg)).toEqual({ acknowledge: true, answer: true });
  });

  it('reminds about acknowledgement only while the ticket is still open', () => {
    // A ticket moved to in_progress without an acknowledgement is listed as late but not reminded about.
    const inProgress = ticket({ status: 'in_progress' });
    expect(overdue(inProgress, at(2 * HOUR), cfg).acknowledge).toBe(true);
    expect(breachesDue(inProgress, at(2 * HOUR), cfg).ackReminder).toBe(false);
    expect(breachesDue(inProgress, at(24 * HOUR), cfg).escalation).toBe(true);
  });

  it('never makes a resolved or closed ticket late', () => {
    for (const status of ['resolved', 'closed'] as const) {
      expect(overdue(ticket({ status }), at(72 * HOUR), cfg)).toEqual({ acknowledge: false, answer: false });
      expect(breachesDue(ticket({ status }), at(72 * HOUR), cfg)).toEqual({ ackReminder: false, escalation: false });
    }
  });

  it('gives the filing instants at or before which a ticket is late, for the job’s and the list’s queries', () => {
    const now = at(3 * HOUR);
    expect(acknowledgeCutoff(now, cfg)).toEqual(at(2 * HOUR));
    expect(answerCutoff(now, cfg)).toEqual(at(3 * HOUR - 24 * HOUR));
    // A ticket filed exactly at the cut-off is late; one filed a millisecond after is not.
    expect(breachesDue(ticket({ createdAt: acknowledgeCutoff(now, cfg) }), now, cfg).ackReminder).toBe(true);
    expect(breachesDue(ticket({ createdAt: new Date(acknowledgeCutoff(now, cfg).getTime() + 1) }), now, cfg).ackReminder).toBe(false);
  });

  it('follows the configured minutes and hours', () => {
    const quick: DeadlineConfig = { ackMinutes: 15, answerHours: 4, calendar: roundTheClock };
    expect(breachesDue(ticket(), at(15 * MIN), quick)).toEqual({ ackReminder: true, escalation: false });
    expect(breachesDue(ticket(), at(4 * HOUR), quick)).toEqual({ ackReminder: true, escalation: true });
    expect(breachesDue(ticket(), at(15 * MIN), cfg)).toEqual({ ackReminder: false, escalation: false });
  });
});
