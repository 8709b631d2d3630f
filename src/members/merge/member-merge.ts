import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../db/sql-dialect';
import type { Logger } from '../../shared/logger';
import { Member } from '../member.entity';
import { emptiedProfile, safeJson } from '../profile/profile-fields';

/** Profile columns copied from the absorbed member when the kept member has none. */
const SIMPLE_FIELDS = ['name', 'nickname', 'gender', 'ageRange', 'addressEnc', 'email', 'occupation', 'isMother', 'isFather', 'isTeacher'] as const;

/** Two member records of one person become one (today: a mini-program account bound to a chat contact). */
export class MemberMerge {
  constructor(private readonly log: Logger) {}

  /**
   * Folds the mini-program member `fromId` into the chat member `intoId`: the chat member keeps its code,
   * assistant and history; profile fields it lacks are taken over; every row that points at `fromId`
   * (mini-program identities and sessions, purchases, consents, complaints, …) is moved; the absorbed
   * record is emptied and closed. Runs inside the caller's transaction.
   */
  async merge(em: EntityManager, fromId: number, intoId: number, now: Date): Promise<void> {
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

    for (const meta of em.connection.entityMetadatas) {
      if (meta.target === Member) continue;
      const column = meta.columns.find((c) => c.propertyName === 'memberId');
      if (!column) continue;
      try {
        await em.createQueryBuilder().update(meta.target).set({ memberId: intoId }).where('memberId = :fromId', { fromId }).execute();
      } catch (err) {
        // A row the chat member already has its own of (a unique per member): keep theirs.
        if (!isUniqueViolation(err)) throw err;
        this.log.warn({ table: meta.tableName }, 'merge: rows left with the absorbed member (unique per member)');
      }
    }
    await em.update(Member, { id: fromId }, { ...emptiedProfile(), erasedAt: now, updatedAt: now });
  }
}
