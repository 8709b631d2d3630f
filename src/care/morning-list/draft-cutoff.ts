import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../outbox';
import { storeDayBounds } from '../../shared/store-time';
import { complaintsBeside } from './draft-settling';

export interface CutoffResult {
  queued: number;
  skipped: number;
}

/**
 * Drafts of members who opted out will never be sent: record them as skipped before the morning
 * list, so an assistant with hundreds of members reads only what can go out.
 */
export async function skipOptedOut(ds: DataSource, end: Date, now: Date): Promise<void> {
  await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({ status: 'skipped', reason: 'opted_out', updatedAt: now })
    .where('status = :s', { s: 'draft' })
    .andWhere('dueAt < :end', { end })
    .andWhere('memberId IN (SELECT m.id FROM member m WHERE m.optedOut = :yes)', { yes: true })
    .execute();
}

/**
 * The cut-off: unhandled drafts of today (and before) go out as they are, or are dropped when they needed
 * approval. A birthday over an open complaint goes only if the assistant approved it, never as it is.
 */
export async function cutoffDrafts(ds: DataSource, timezone: string, now: Date): Promise<CutoffResult> {
  const repo = ds.getRepository(OutboxMessage);
  const day = storeDayBounds(now, timezone);
  const drafts = () => repo.createQueryBuilder().update(OutboxMessage).where('status = :s', { s: 'draft' }).andWhere('dueAt < :end', { end: day.end });
  const birthdays = await repo.createQueryBuilder('o').where('o.status = :s', { s: 'draft' }).andWhere('o.dueAt < :end', { end: day.end }).andWhere('o.occasion = :b', { b: 'birthday' }).getMany();
  const complaints = await complaintsBeside(ds, birthdays);
  let held = 0;
  for (const r of birthdays.filter((b) => complaints.has(b.memberId))) {
    const moved = await drafts()
      .set({ status: 'skipped', reason: 'open_complaint', decidedAt: now, updatedAt: now })
      .andWhere('id = :id', { id: r.id })
      .execute();
    held += moved.affected ?? 0;
  }
  const bulk = (needsApproval: boolean, set: Partial<OutboxMessage>) =>
    drafts()
      .set({ ...set, decidedAt: now, updatedAt: now })
      .andWhere('needsApproval = :na', { na: needsApproval })
      .execute();
  const queued = await bulk(false, { status: 'queued' });
  const skipped = await bulk(true, { status: 'skipped', reason: 'not_approved_by_cutoff' });
  return { queued: queued.affected ?? 0, skipped: (skipped.affected ?? 0) + held };
}
