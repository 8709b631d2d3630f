import type { StoreCalendar } from '../../shared/store-hours';
import { storeDateKey } from '../../shared/store-time';
import type { ComplaintStatus } from '../complaint.entity';

/**
 * When a complaint is late, in store time (public holidays skipped, 调休 days counted): pure rules, no I/O,
 * so the deadline job, the staff list and the promise made at filing all read the same clock the same way.
 * - acknowledge within `ackMinutes` of opening hours: filed at 22:30, due an hour after the next opening;
 * - first real answer within `answerHours` of working-day time from the next opening (DOMAIN.md: "within
 *   24 hours of store opening time"): filed on Sunday 10:00, due Monday 10:00; filed at 22:30, due 09:00
 *   the day after next; closed days and holidays do not count.
 */
export interface DeadlineConfig {
  /** Minutes of opening time to acknowledge (受理) a ticket. */
  ackMinutes: number;
  /** Hours of opening time to the first real answer that reached the member. */
  answerHours: number;
  /** The store's opening hours and holidays. */
  calendar: StoreCalendar;
}

/** The ticket facts the deadlines depend on. */
export interface DeadlineTicket {
  status: ComplaintStatus;
  createdAt: Date;
  acknowledgedAt: Date | null;
  firstAnsweredAt: Date | null;
  ackBreachedAt: Date | null;
  answerBreachedAt: Date | null;
}

/** The instant the ticket must be acknowledged by. */
export function acknowledgeDueAt(createdAt: Date, cfg: DeadlineConfig): Date {
  return cfg.calendar.addOpenMinutes(createdAt, cfg.ackMinutes);
}

/** The instant the member must have had a first real answer by. */
export function answerDueAt(createdAt: Date, cfg: DeadlineConfig): Date {
  return cfg.calendar.addWorkingDayMinutes(createdAt, cfg.answerHours * 60);
}

// How far back the cut-off search looks: longer than any run of closed days plus the longest deadline.
const SEARCH_BACK_MS = 120 * 24 * 3_600_000;

/** The latest filing instant whose deadline (a non-decreasing function of it) is at or before `now`. */
function latestFiledBy(now: Date, dueAt: (filed: Date) => Date): Date {
  let lo = now.getTime() - SEARCH_BACK_MS;
  let hi = now.getTime();
  if (dueAt(new Date(hi)).getTime() <= now.getTime()) return new Date(hi);
  // Invariant: due(lo) <= now < due(hi); halve down to the millisecond.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dueAt(new Date(mid)).getTime() <= now.getTime()) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}

/**
 * Tickets filed at or before this instant are past the acknowledge deadline at `now` (the deadline itself
 * counts as late). Exact, because a later filing is never due earlier.
 */
export function acknowledgeCutoff(now: Date, cfg: DeadlineConfig): Date {
  return cfg.calendar.subtractOpenMinutes(now, cfg.ackMinutes);
}

/** Tickets filed at or before this instant are past the first-answer deadline at `now`. */
export function answerCutoff(now: Date, cfg: DeadlineConfig): Date {
  return latestFiledBy(now, (filed) => answerDueAt(filed, cfg));
}

/** Still in someone's hands: resolved and closed tickets are never late. */
export function isActive(status: ComplaintStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

/** Whether a ticket is past a deadline right now (not acknowledged / not answered in time), breach recorded or not. */
export function overdue(t: DeadlineTicket, now: Date, cfg: DeadlineConfig): { acknowledge: boolean; answer: boolean } {
  const active = isActive(t.status);
  return {
    acknowledge: active && !t.acknowledgedAt && acknowledgeDueAt(t.createdAt, cfg).getTime() <= now.getTime(),
    answer: active && !t.firstAnsweredAt && answerDueAt(t.createdAt, cfg).getTime() <= now.getTime(),
  };
}

/**
 * Which breach the deadline job must raise now: the assistant's reminder for a ticket still `open` and
 * not acknowledged in time; the managers' escalation for an active ticket with no first answer in time.
 * A breach already recorded on the ticket is never raised again.
 */
export function breachesDue(t: DeadlineTicket, now: Date, cfg: DeadlineConfig): { ackReminder: boolean; escalation: boolean } {
  return {
    ackReminder: t.status === 'open' && !t.acknowledgedAt && !t.ackBreachedAt && t.createdAt.getTime() <= acknowledgeCutoff(now, cfg).getTime(),
    escalation: isActive(t.status) && !t.firstAnsweredAt && !t.answerBreachedAt && t.createdAt.getTime() <= answerCutoff(now, cfg).getTime(),
  };
}

/** The ticket facts the daily reminder depends on. */
export interface ReminderTicket extends DeadlineTicket {
  /** Store-local day (YYYY-MM-DD) of the last daily reminder, if any. */
  answerRemindedOn: string | null;
}

/**
 * Whether an active ticket still without a real answer is reminded again today: once the first-answer
 * deadline was breached (the managers were told), the assistant is reminded once on each later working
 * day, while the store is open. Returns the store day to record the reminder under, or null.
 */
export function dailyReminderDue(t: ReminderTicket, now: Date, cfg: DeadlineConfig, timezone: string): string | null {
  if (!isActive(t.status) || t.firstAnsweredAt || !t.answerBreachedAt) return null;
  const window = cfg.calendar.windowOf(now);
  if (!window || now.getTime() < window.start.getTime() || now.getTime() >= window.end.getTime()) return null;
  const today = storeDateKey(now, timezone);
  if (storeDateKey(t.answerBreachedAt, timezone) >= today) return null;
  if (t.answerRemindedOn !== null && t.answerRemindedOn >= today) return null;
  return today;
}
