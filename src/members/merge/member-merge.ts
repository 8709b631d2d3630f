import type { EntityManager, EntityMetadata } from 'typeorm';
import { AuditEntry } from '../../audit';
import { isUniqueViolation } from '../../db/sql-dialect';
import type { Logger } from '../../shared/logger';
import { Member } from '../member.entity';
import { emptiedProfile, safeJson } from '../profile/profile-fields';

/** Profile columns copied from the absorbed member when the kept member has none. */
const SIMPLE_FIELDS = ['name', 'nickname', 'gender', 'ageRange', 'addressEnc', 'email', 'occupation', 'isMother', 'isFather', 'isTeacher'] as const;

/**
 * Two member records of one person become one: a mini-program account bound to a chat contact, or two
 * records a manager merges (`staff-merge.service.ts`). One piece for both, so neither loses history.
 */
export class MemberMerge {
  constructor(private readonly log: Logger) {}

  /**
   * Folds the mini-program member `fromId` into the chat member `intoId`: the chat member keeps its code,
   * assistant and history; profile fields it lacks are taken over; every row that points at `fromId`
   * (mini-program identities and sessions, purchases, consents, complaints, …) is moved; the absorbed
   * record is emptied and closed. The audit log keeps what happened to which record. Runs inside the
   * caller's transaction; answers how many rows of each table moved.
   */
  async merge(em: EntityManager, fromId: number, intoId: number, now: Date): Promise<Record<string, number>> {
    const from = await em.findOneByOrFail(Member, { id: fromId });
    const into = await em.findOneByOrFail(Member, { id: intoId });
    const patch: Partial<Member> = {};
    for (const f of SIMPLE_FIELDS) {
      if (into[f] === null && from[f] !== null) (patch as Record<string, unknown>)[f] = from[f];
    }
    if (!into.phoneEnc && from.phoneEnc) Object.assign(patch, { phoneEnc: from.phoneEnc, phoneHash: from.phoneHash });
    if (into.birthMonth === null && from.birthMonth !== null) {
      Object.assign(patch, {
        birthdayCalendar: from.birthdayCalendar,
        birthYear: from.birthYear,
        birthMonth: from.birthMonth,
        birthDay: from.birthDay,
        birthLeapMonth: from.birthLeapMonth,
      });
    }
    if (from.profileExtra) {
      const merged = { ...safeJson(from.profileExtra), ...safeJson(into.profileExtra) };
      patch.profileExtra = JSON.stringify(merged);
    }
    // An opt-out given on either side stays in force.
    if (from.optedOut && !into.optedOut) Object.assign(patch, { optedOut: true, optedOutAt: from.optedOutAt ?? now });
    await em.update(Member, { id: intoId }, { ...patch, updatedAt: now });

    const moved: Record<string, number> = {};
    for (const meta of em.connection.entityMetadatas) {
      if (meta.target === Member || meta.target === AuditEntry) continue;
      const column = meta.columns.find((c) => c.propertyName === 'memberId');
      if (!column) continue;
      const n = await this.moveRows(em, meta, fromId, intoId);
      if (n) moved[meta.tableName] = n;
    }
    await em.update(Member, { id: fromId }, { ...emptiedProfile(), erasedAt: now, updatedAt: now });
    return moved;
  }

  /** Points a table's rows at the kept member; when some clash with a unique per member, row by row, keeping theirs. */
  private async moveRows(em: EntityManager, meta: EntityMetadata, fromId: number, intoId: number): Promise<number> {
    try {
      const r = await em.createQueryBuilder().update(meta.target).set({ memberId: intoId }).where('memberId = :fromId', { fromId }).execute();
      return r.affected ?? 0;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const key = meta.primaryColumns[0]?.propertyName;
    if (!key) return 0;
    const rows = await em.createQueryBuilder(meta.target, 't').select(`t.${key}`, 'key').where('t.memberId = :fromId', { fromId }).getRawMany<{ key: unknown }>();
    let moved = 0;
    let kept = 0;
    for (const row of rows) {
      try {
        await em.createQueryBuilder().update(meta.target).set({ memberId: intoId }).where(`${key} = :key`, { key: row.key }).execute();
        moved++;
      } catch (err) {
        // The kept member already has its own of this (a tag, a survey answer, a complaint draft).
        if (!isUniqueViolation(err)) throw err;
        kept++;
      }
    }
    this.log.warn({ table: meta.tableName, moved, kept }, 'merge: rows the kept member already had stay with the absorbed one');
    return moved;
  }
}
