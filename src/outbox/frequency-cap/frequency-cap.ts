import { storeDay } from '../store-day';
import { isExemptFromLimits, outranks } from '../outbox-rules';
import type { Occasion } from '../outbox.port';

/**
 * The frequency cap and the collision rule, as a pure decision over one member's messages:
 * - one proactive message a store day: a message the member got today (or may have got: `check`)
 *   makes any other of the day a collision;
 * - when two rows of the day compete, the more personal occasion wins (lower priority number, then
 *   the older row): complaint follow-up > birthday > targeted festival > festival > season >
 *   long-time-no-see;
 * - no more than `memberCap` messages in the rolling `capWindowMs` (rows being checked count);
 * - complaint follow-ups are complaint handling: never capped, never collide;
 * - the budget is kept for the more personal occasions known ahead (a birthday in 5 days, a festival
 *   the member will get): a less personal message that would leave one of them over the cap on its day
 *   is held (`reserved:<occasion>`), counting only what is still in the window on that day.
 * A member busy in another chat dialog makes a row that starts one wait.
 */

export interface CapCandidate {
  id: number;
  occasion: Occasion;
  /** Index in OCCASION_PRIORITY: lower is more personal. */
  priority: number;
}

/** A message the member got, or may have got: `sent` (at sentAt) or `check` (at claimedAt). */
export interface CapRecentMessage {
  occasion: Occasion;
  at: Date;
}

/** Another row of the member still to go out (draft, queued or being sent). */
export interface CapCompetingRow {
  id: number;
  occasion: Occasion;
  priority: number;
  dueAt: Date;
}

/** An occasion the member will get later, known ahead (their birthday, a festival). */
export interface CapReserved {
  occasion: Occasion;
  priority: number;
  /** When its message is due. */
  at: Date;
}

export interface CapSettings {
  timezone: string;
  /** Most proactive messages in the window (default 4). */
  memberCap: number;
  /** The rolling window (default 30 days). */
  capWindowMs: number;
  /** A row due longer ago than this expires and competes with nothing. */
  expireMs: number;
}

export interface CapInput {
  candidate: CapCandidate;
  now: Date;
  recent: CapRecentMessage[];
  competing: CapCompetingRow[];
  /** The member is in another chat dialog and this row would start one (e.g. a survey). */
  memberBusy: boolean;
  /** Occasions known ahead whose slot is kept (only the more personal ones, inside the window, count). */
  reserved?: CapReserved[];
  settings: CapSettings;
}

/** How long a row that starts a dialog waits when the member is busy in another one. */
export const BUSY_WAIT_MS = 30 * 60_000;

export type CapDecision =
  | { kind: 'send' }
  | { kind: 'skip'; reason: string; heldFor?: { occasion: Occasion; at: Date } }
  | { kind: 'wait'; until: Date; reason: string };

export function decideFrequencyCap(input: CapInput): CapDecision {
  const { candidate, now, settings } = input;
  if (!isExemptFromLimits(candidate.occasion)) {
    const day = storeDay(now, settings.timezone);
    const windowStart = now.getTime() - settings.capWindowMs;
    const recent = input.recent.filter((m) => m.at.getTime() > windowStart);
    const gotToday = recent.find((m) => m.at.getTime() >= day.start.getTime());
    if (gotToday) return { kind: 'skip', reason: `collision:${gotToday.occasion}` };
    const staleBefore = now.getTime() - settings.expireMs;
    const better = input.competing.find(
      (o) => o.id !== candidate.id && o.dueAt.getTime() < day.end.getTime() && o.dueAt.getTime() > staleBefore && outranks(o, candidate),
    );
    if (better) return { kind: 'skip', reason: `collision:${better.occasion}` };
    if (recent.length >= settings.memberCap) return { kind: 'skip', reason: 'frequency_cap' };
    const kept = keptFor(input, recent);
    if (kept) return { kind: 'skip', reason: `reserved:${kept.occasion}`, heldFor: { occasion: kept.occasion, at: kept.at } };
  }
  if (input.memberBusy) return { kind: 'wait', until: new Date(now.getTime() + BUSY_WAIT_MS), reason: 'member_busy' };
  return { kind: 'send' };
}

/**
 * The first occasion known ahead that this message would leave over the cap on its day: on that day the
 * window holds what the member got since (that day − window), this message, and every kept occasion up
 * to and including it.
 */
function keptFor(input: CapInput, recent: CapRecentMessage[]): CapReserved | null {
  const { candidate, now, settings } = input;
  const ahead = (input.reserved ?? [])
    .filter((r) => r.priority < candidate.priority && r.at.getTime() > now.getTime() && r.at.getTime() < now.getTime() + settings.capWindowMs)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const [i, r] of ahead.entries()) {
    const from = r.at.getTime() - settings.capWindowMs;
    const stillIn = recent.filter((m) => m.at.getTime() > from).length;
    if (stillIn + 1 + (i + 1) > settings.memberCap) return r;
  }
  return null;
}
