import { Brackets, type DataSource } from 'typeorm';
import type { AnyChatContext, DialogEngine } from '../chat';
import { Member } from '../members';
import { storeDayBounds } from '../shared/store-time';
import { decideFrequencyCap, type CapCompetingRow, type CapRecentMessage } from './frequency-cap/frequency-cap';
import { OutboxMessage } from './outbox-message.entity';
import { parseMeta } from './outbox-meta';
import { isExemptFromLimits, type DeliverySettings } from './outbox-rules';

export type Verdict = { kind: 'send' } | { kind: 'skip'; reason: string } | { kind: 'defer'; until: Date; reason: string };

/** Where a member's dialog state lives (same key as the chat pipeline uses). */
export const memberSubject = (memberId: number) => `member:${memberId}`;

export interface VerdictDeps {
  ds: DataSource;
  dialogs: DialogEngine<AnyChatContext>;
  settings: DeliverySettings;
}

/**
 * Reads what the decision needs for one claimed row — the member, their messages of the cap window and
 * of today, an open chat dialog — and applies the rules: opt-out, expiry, then the pure frequency cap
 * and collision decision.
 */
export async function judgeRow(deps: VerdictDeps, row: OutboxMessage, now: Date): Promise<Verdict> {
  const { ds, settings } = deps;
  const member = await ds.getRepository(Member).findOneBy({ id: row.memberId });
  if (!member || member.erasedAt) return { kind: 'skip', reason: 'member_gone' };
  // The member removed the store account: nothing can reach them until they add it again.
  if (member.lifecycle === 'lost') return { kind: 'skip', reason: 'lost' };
  const exempt = isExemptFromLimits(row.occasion);
  if (member.optedOut && !exempt) return { kind: 'skip', reason: 'opted_out' };
  if (now.getTime() - row.dueAt.getTime() > settings.expireMs) return { kind: 'skip', reason: 'expired' };

  const recent: CapRecentMessage[] = [];
  const competing: CapCompetingRow[] = [];
  if (!exempt) {
    for (const o of await otherRows(deps, row, now)) {
      if (o.status === 'sent') recent.push({ occasion: o.occasion, at: o.sentAt! });
      else if (o.status === 'check') recent.push({ occasion: o.occasion, at: o.claimedAt! });
      else competing.push({ id: o.id, occasion: o.occasion, priority: o.priority, dueAt: o.dueAt });
    }
  }
  const facts = { candidate: { id: row.id, occasion: row.occasion, priority: row.priority }, now, recent, competing, settings };
  const free = decideFrequencyCap({ ...facts, memberBusy: false });
  // The dialog state is read only for a row that would go out: reading it may close a lapsed dialog.
  const decision = free.kind === 'send' && (await memberBusyElsewhere(deps, row)) ? decideFrequencyCap({ ...facts, memberBusy: true }) : free;
  return decision.kind === 'wait' ? { kind: 'defer', until: decision.until, reason: decision.reason } : decision;
}

/** The member's other rows the cap and collision rules look at (one indexed query). */
function otherRows(deps: VerdictDeps, row: OutboxMessage, now: Date): Promise<OutboxMessage[]> {
  const { settings } = deps;
  const day = storeDayBounds(now, settings.timezone);
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
