import type { ComplaintStatus } from '../complaint.entity';

/**
 * When a complaint is late, in elapsed time from filing (no business hours): pure rules, no I/O, so the
 * deadline job, the staff list and the promise made at filing all read the same clock the same way.
 */
export interface DeadlineConfig {
  /** Minutes to acknowledge (受理) a ticket. */
  ackMinutes: number;
  /** Hours to the first real answer that reached the member. */
  answerHours: number;
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

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The instant the ticket must be acknowledged by. */
export function acknowledgeDueAt(createdAt: Date, cfg: DeadlineConfig): Date {
  return new Date(createdAt.getTime() + cfg.ackMinutes * MINUTE);
}

/** The instant the member must have had a first real answer by. */
export function answerDueAt(createdAt: Date, cfg: DeadlineConfig): Date {
  return new Date(createdAt.getTime() + cfg.answerHours * HOUR);
}

/** Tickets filed at or before this instant are past the acknowledge deadline at `now` (the deadline itself counts as late). */
export function acknowledgeCutoff(now: Date, cfg: DeadlineConfig): Date {
  return new Date(now.getTime() - cfg.ackMinutes * MINUTE);
}

/** Tickets filed at or before this instant are past the first-answer deadline at `now`. */
export function answerCutoff(now: Date, cfg: DeadlineConfig): Date {
  return new Date(now.getTime() - cfg.answerHours * HOUR);
}

/** Still in someone's hands: resolved and closed tickets are never late. */
export function isActive(status: ComplaintStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

/** Whether a ticket is past a deadline right now (not acknowledged / not answered in time), breach recorded or not. */
export function overdue(t: DeadlineTicket, now: Date, cfg: DeadlineConfig): { acknowledge: boolean; answer: boolean } {
  const active = isActive(t.status);
  const age = now.getTime() - t.createdAt.getTime();
  return {
    acknowledge: active && !t.acknowledgedAt && age >= cfg.ackMinutes * MINUTE,
    answer: active && !t.firstAnsweredAt && age >= cfg.answerHours * HOUR,
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
