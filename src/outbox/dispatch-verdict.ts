import { Brackets, type DataSource } from 'typeorm';
import type { AnyChatContext, DialogEngine } from '../chat';
import { Member } from '../members';
import { decideFrequencyCap, type CapCompetingRow, type CapRecentMessage, type CapReserved } from './frequency-cap/frequency-cap';
import { CapacityLedger, endReason } from './capacity';
import type { MemberOutlook } from './member-outlook';
import { OutboxMessage } from './outbox-message.entity';
import { parseMeta } from './outbox-meta';
import { CHEERFUL_OCCASIONS, isExemptFromLimits, saysToday, whenLate, type DeliverySettings } from './outbox-rules';
import { OCCASION_PRIORITY, type Occasion } from './outbox.port';
import { storeDay, storeDayKey } from './store-day';

/** Facts that explain a hold to staff: the occasion whose slot was kept, the open complaint. */
export interface HoldFacts {
  heldFor?: { occasion: Occasion; at: Date };
  ticketNo?: string;
}

export type Verdict = { kind: 'send' } | { kind: 'skip'; reason: string; facts?: HoldFacts } | { kind: 'defer'; until: Date; reason: string };

/** Where a member's dialog state lives (same key as the chat pipeline uses). */
export const memberSubject = (memberId: number) => `member:${memberId}`;

export interface VerdictDeps {
  ds: DataSource;
  dialogs: DialogEngine<AnyChatContext>;
  settings: DeliverySettings;
  /** The member's occasions ahead, open complaint and late texts (care); without it none of these apply. */
  outlook?: MemberOutlook;
}

/**
 * Reads what the decision needs for one claimed row — the member, their messages of the cap window and
 * of today, occasions known ahead, an open complaint, an open chat dialog — and applies the rules:
 * opt-out, expiry, an open complaint, the pure frequency cap and collision decision, then a row held
 * past its day is rewritten for today or expires (the rewritten text is stored on the claimed row).
 */
export async function judgeRow(deps: VerdictDeps, row: OutboxMessage, now: Date): Promise<Verdict> {
  if (now.getTime() - row.dueAt.getTime() > deps.settings.expireMs) {
    const member = await deps.ds.getRepository(Member).findOneBy({ id: row.memberId });
    if (!member || member.erasedAt) return { kind: 'skip', reason: 'member_gone' };
    if (member.optedOut && !isExemptFromLimits(row.occasion)) return { kind: 'skip', reason: 'opted_out' };
    // Waited so long because its account was at its ceiling: capacity, not a silent expiry.
    const atCeiling = await new CapacityLedger(deps).reachedSince(row.account, row.dueAt, now);
    return { kind: 'skip', reason: endReason(atCeiling, 'expired') };
  }
  const decision = await decide(deps, row, now, now);
  if (decision.kind !== 'send') return decision;
  return rewriteIfLate(deps, row, now);
}

/**
 * What delivery would decide for a draft at its due time (or now, if later), without sending or
 * rewriting anything: the morning list asks before it offers a draft. A birthday over an open
 * complaint is offered (the assistant decides); the other rules are delivery's own.
 */
export function previewRow(deps: VerdictDeps, row: OutboxMessage, now: Date): Promise<Verdict> {
  const at = row.dueAt.getTime() > now.getTime() ? row.dueAt : now;
  return decide(deps, row, at, now, { preview: true });
}

async function decide(deps: VerdictDeps, row: OutboxMessage, at: Date, now: Date, opts: { preview?: boolean } = {}): Promise<Verdict> {
  const { ds, settings, outlook } = deps;
  const member = await ds.getRepository(Member).findOneBy({ id: row.memberId });
  if (!member || member.erasedAt) return { kind: 'skip', reason: 'member_gone' };
  // The member removed the store account: nothing can reach them until they add it again.
  if (member.lifecycle === 'lost') return { kind: 'skip', reason: 'lost' };
  const exempt = isExemptFromLimits(row.occasion);
  if (member.optedOut && !exempt) return { kind: 'skip', reason: 'opted_out' };

  const cheerful = CHEERFUL_OCCASIONS.includes(row.occasion);
  if (outlook && (cheerful || (row.occasion === 'birthday' && !opts.preview))) {
    const complaint = await outlook.openComplaint(row.memberId);
    // A birthday goes only when an assistant approved it knowing of the complaint.
    const approvedSince = complaint && row.decidedBy !== null && row.decidedAt !== null && row.decidedAt.getTime() >= complaint.openedAt.getTime();
    if (complaint && (cheerful || !approvedSince)) return { kind: 'skip', reason: 'open_complaint', facts: { ticketNo: complaint.ticketNo } };
  }

  const recent: CapRecentMessage[] = [];
  const competing: CapCompetingRow[] = [];
  let reserved: CapReserved[] = [];
  if (!exempt) {
    for (const o of await otherRows(deps, row, at)) {
      if (o.status === 'sent') recent.push({ occasion: o.occasion, at: o.sentAt! });
      else if (o.status === 'check') recent.push({ occasion: o.occasion, at: o.claimedAt! });
      else competing.push({ id: o.id, occasion: o.occasion, priority: o.priority, dueAt: o.dueAt });
    }
    // Only an occasion more personal than this row can have its slot kept from it.
    if (outlook && row.priority > OCCASION_PRIORITY.indexOf('birthday')) {
      // From the next store day: today's occasions are rows already, and collide instead.
      const from = storeDay(at, settings.timezone).end;
      const ahead = await outlook.upcoming(row.memberId, from, new Date(at.getTime() + settings.capWindowMs));
      reserved = ahead.map((u) => ({ occasion: u.occasion, priority: OCCASION_PRIORITY.indexOf(u.occasion), at: u.at }));
    }
  }
  const facts = { candidate: { id: row.id, occasion: row.occasion, priority: row.priority }, now: at, recent, competing, reserved, settings };
  const free = decideFrequencyCap({ ...facts, memberBusy: false });
  if (free.kind === 'skip') return { kind: 'skip', reason: free.reason, facts: free.heldFor ? { heldFor: free.heldFor } : undefined };
  if (opts.preview) return { kind: 'send' };
  // The dialog state is read only for a row that would go out: reading it may close a lapsed dialog.
  const decision = free.kind === 'send' && (await memberBusyElsewhere(deps, row)) ? decideFrequencyCap({ ...facts, memberBusy: true }) : free;
  if (decision.kind === 'wait') return { kind: 'defer', until: decision.until, reason: decision.reason };
  return decision.kind === 'skip' ? { kind: 'skip', reason: decision.reason } : { kind: 'send' };
}

/**
 * A row going out after its day: festival and season greetings expire, a birthday is rewritten for today
 * (an assistant's own text is kept if it does not say 今天), the rest go as they are.
 */
async function rewriteIfLate(deps: VerdictDeps, row: OutboxMessage, now: Date): Promise<Verdict> {
  const today = storeDayKey(now, deps.settings.timezone);
  if (row.occasionDate >= today) return { kind: 'send' };
  const late = whenLate(row.occasion);
  if (late === 'send') return { kind: 'send' };
  if (late === 'expire') {
    // Its day is over: the ceiling of that day (usually ended already by CapacityLedger.endPastDays).
    return { kind: 'skip', reason: endReason(await new CapacityLedger(deps).reachedOn(row.account, row.occasionDate), 'expired:day_passed') };
  }
  if (parseMeta(row.meta).edited === true) return saysToday(row.text) ? { kind: 'skip', reason: 'expired:day_passed' } : { kind: 'send' };
  const text = deps.outlook ? await deps.outlook.belatedText(row, today) : null;
  if (!text) return { kind: 'skip', reason: 'expired:day_passed' };
  await deps.ds.getRepository(OutboxMessage).update({ id: row.id, status: 'sending' }, { text });
  row.text = text;
  return { kind: 'send' };
}

/** The member's other rows the cap and collision rules look at (one indexed query). */
function otherRows(deps: VerdictDeps, row: OutboxMessage, now: Date): Promise<OutboxMessage[]> {
  const { settings } = deps;
  const day = storeDay(now, settings.timezone);
  return deps.ds
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .select(['o.id', 'o.occasion', 'o.priority', 'o.status', 'o.dueAt', 'o.sentAt', 'o.claimedAt'])
    .where('o.memberId = :m', { m: row.memberId })
    .andWhere('o.id <> :id', { id: row.id })
    .andWhere(
      new Brackets((w) => {
        w.where('o.status IN (:...live) AND o.dueAt < :dayEnd AND o.dueAt > :staleBefore', {
          live: ['draft', 'queued', 'sending'],
          dayEnd: day.end,
          staleBefore: new Date(now.getTime() - settings.expireMs),
        })
          .orWhere('o.status = :sent AND o.sentAt > :capFrom', { sent: 'sent', capFrom: new Date(now.getTime() - settings.capWindowMs) })
          .orWhere('o.status = :check AND o.claimedAt > :capFrom', { check: 'check' });
      }),
    )
    .getMany();
}

/**
 * A row that starts a chat dialog waits while any other dialog of the member is open, the same kind
 * too: a second survey must not overwrite an unanswered first one (only this row's own dialog, after a
 * retry, is no obstacle).
 */
async function memberBusyElsewhere(deps: VerdictDeps, row: OutboxMessage): Promise<boolean> {
  if (!parseMeta(row.meta).dialog) return false;
  const current = await deps.dialogs.load(memberSubject(row.memberId));
  return current.state === 'active' && current.active.data.outboxId !== row.id;
}
