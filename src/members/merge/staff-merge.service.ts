import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import type { AuditActor, AuditService } from '../../audit';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { Member } from '../member.entity';
import type { MemberMerge } from './member-merge';

export interface StaffMergeResult {
  member: Member;
  absorbed: { id: number; code: string };
  /** Rows moved to the kept member, per table. */
  moved: Record<string, number>;
}

/**
 * A manager merges two records of one person (two chats, a number registered twice): the record in the
 * URL is kept (its code and assistant), the other is folded in through the same MemberMerge that
 * mini-program binding uses, and closed. One transaction, with its audit entry inside it.
 */
export class StaffMemberMerge {
  constructor(private readonly deps: { ds: DataSource; clock: Clock; merge: MemberMerge; audit: AuditService }) {}

  async merge(actor: AuditActor, intoId: number, fromId: number, afterMerge: (memberId: number) => Promise<void>): Promise<StaffMergeResult> {
    if (intoId === fromId) {
      throw new ValidationError('A member cannot be merged into itself', [{ path: 'fromMemberId', message: 'give the id of the other record of this person', code: 'same_member', in: 'body' }]);
    }
    const now = this.deps.clock.now();
    const result = await this.deps.ds.transaction(async (em) => {
      // Lock both rows in id order (two merges crossing each other wait instead of deadlocking), and
      // re-check there that neither was erased or merged away meanwhile.
      for (const id of [intoId, fromId].sort((a, b) => a - b)) await this.claim(em, id, now);
      const into = await em.findOneByOrFail(Member, { id: intoId });
      const from = await em.findOneByOrFail(Member, { id: fromId });
      const moved = await this.deps.merge.merge(em, fromId, intoId, now);
      await this.deps.audit.record(
        actor,
        { action: 'member.merge', memberId: intoId, details: { fromMemberId: fromId, fromCode: from.code, intoCode: into.code, moved } },
        em,
      );
      return { member: await em.findOneByOrFail(Member, { id: intoId }), absorbed: { id: from.id, code: from.code }, moved };
    });
    // Tier and lifecycle now count the absorbed purchases too.
    await afterMerge(intoId);
    return result;
  }

  private async claim(em: EntityManager, id: number, now: Date): Promise<void> {
    const r = await em.update(Member, { id, erasedAt: IsNull() }, { updatedAt: now });
    if ((r.affected ?? 0) > 0) return;
    const m = await em.findOneBy(Member, { id });
    if (!m) throw new NotFoundError(`No member with id ${id}`);
    throw new ConflictError(`Member ${m.code} was erased or merged into another record; it cannot be merged`);
  }
}
