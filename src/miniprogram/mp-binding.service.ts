import { randomInt } from 'node:crypto';
import { type DataSource, type EntityManager, IsNull, MoreThan } from 'typeorm';
import { DialogState } from '../chat';
import { isUniqueViolation } from '../db/sql-dialect';
import { Member, MemberConsent, type MemberMerge } from '../members';
import type { PersonalDataCipher } from '../privacy';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { MpBindingCode, MpBindingGuard, MpMemberMerge } from './mp-binding.entity';

export const BINDING_CODE_TTL_MS = 10 * 60_000;
export const BINDING_MAX_FAILURES = 5;
export const BINDING_LOCK_MS = 60 * 60_000;

export type RedeemOutcome =
  /** `previous`: the mini-program member's code and assistant before the merge, to tell the member what changed. */
  | { kind: 'linked'; member: Member; previous: { code: string; assistantId: number | null } }
  | { kind: 'already_linked' }
  | { kind: 'malformed' }
  | { kind: 'wrong'; remaining: number }
  | { kind: 'locked'; until: Date };

/**
 * Links a mini-program account and a chat contact: the mini-program shows a one-time 6-digit code, the
 * member sends `绑定 <code>` to the store account. Wrong codes are counted per chat contact in the
 * database, so the lock holds across restarts and instances.
 */
export class MpBindingService {
  constructor(
    private readonly deps: { ds: DataSource; clock: Clock; cipher: PersonalDataCipher; log: Logger; members: MemberMerge },
  ) {}

  private hash(code: string): string {
    return this.deps.cipher.lookupHash(`mp-binding:${code}`);
  }

  /** A fresh code for the member; earlier unused codes of theirs stop working. */
  async issueCode(memberId: number): Promise<{ code: string; expiresAt: Date }> {
    const repo = this.deps.ds.getRepository(MpBindingCode);
    const now = this.deps.clock.now();
    await repo.update({ memberId, usedAt: IsNull() }, { usedAt: now });
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const codeHash = this.hash(code);
      // Two live codes must never be the same digits; collisions are rare, so just draw again.
      if (await repo.existsBy({ codeHash, usedAt: IsNull(), expiresAt: MoreThan(now) })) continue;
      const expiresAt = new Date(now.getTime() + BINDING_CODE_TTL_MS);
      await repo.insert({ memberId, codeHash, createdAt: now, expiresAt, usedAt: null });
      return { code, expiresAt };
    }
    throw new Error('could not draw a free binding code');
  }

  /** `绑定 <code>` from a chat contact whose member is `chatMember`. */
  async redeem(contactId: string, chatMember: Member, input: string, now: Date): Promise<RedeemOutcome> {
    const guard = await this.deps.ds.getRepository(MpBindingGuard).findOneBy({ contactId });
    if (guard?.lockedUntil && guard.lockedUntil.getTime() > now.getTime()) return { kind: 'locked', until: guard.lockedUntil };
    const digits = input.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) return { kind: 'malformed' };

    const codes = this.deps.ds.getRepository(MpBindingCode);
    const found = await codes
      .createQueryBuilder('c')
      .innerJoin(Member, 'm', 'm.id = c.memberId AND m.erasedAt IS NULL')
      .where('c.codeHash = :h AND c.usedAt IS NULL AND c.expiresAt > :now', { h: this.hash(digits), now })
      .getOne();
    if (!found) return this.countFailure(contactId, guard, now);
    if (found.memberId === chatMember.id) {
      await codes.update({ id: found.id }, { usedAt: now });
      await this.clearGuard(contactId);
      return { kind: 'already_linked' };
    }
    const merged = await this.deps.ds.transaction(async (em) => {
      // Single use even when two messages race: only one update finds the code unused.
      const taken = await em.update(MpBindingCode, { id: found.id, usedAt: IsNull() }, { usedAt: now });
      if ((taken.affected ?? 0) !== 1) return null;
      const from = await em.findOneByOrFail(Member, { id: found.memberId });
      const previous = { code: from.code, assistantId: from.assistantId };
      return { member: await this.merge(em, found.memberId, chatMember.id, now), previous };
    });
    if (!merged) return this.countFailure(contactId, guard, now);
    await this.clearGuard(contactId);
    this.deps.log.info({ fromMemberId: found.memberId, intoMemberId: merged.member.id }, 'mini-program account linked to chat member');
    return { kind: 'linked', ...merged };
  }

  private async clearGuard(contactId: string): Promise<void> {
    await this.deps.ds.getRepository(MpBindingGuard).delete({ contactId });
  }

  private async countFailure(contactId: string, guard: MpBindingGuard | null, now: Date): Promise<RedeemOutcome> {
    const repo = this.deps.ds.getRepository(MpBindingGuard);
    // Failures count within one lock window; an old streak (or a served lock) starts over.
    const fresh = !guard || !guard.firstFailureAt || now.getTime() - guard.firstFailureAt.getTime() >= BINDING_LOCK_MS || guard.lockedUntil !== null;
    const failures = fresh ? 1 : guard.failures + 1;
    const lockedUntil = failures >= BINDING_MAX_FAILURES ? new Date(now.getTime() + BINDING_LOCK_MS) : null;
    const values = { failures, firstFailureAt: fresh ? now : guard!.firstFailureAt, lockedUntil };
    if (guard) {
      await repo.update({ id: guard.id }, values);
    } else {
      try {
        await repo.insert({ contactId, ...values });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        await repo.update({ contactId }, values);
      }
    }
    if (lockedUntil) {
      this.deps.log.warn({ failures }, 'binding locked for a chat contact after repeated wrong codes');
      return { kind: 'locked', until: lockedUntil };
    }
    return { kind: 'wrong', remaining: BINDING_MAX_FAILURES - failures };
  }

  /** Folds the mini-program member into the chat member (members' merge), then closes what binding keeps. */
  private async merge(em: EntityManager, fromId: number, intoId: number, now: Date): Promise<Member> {
    await this.deps.members.merge(em, fromId, intoId, now);
    await em.delete(DialogState, { subjectKey: `member:${fromId}` });
    await em.insert(MpMemberMerge, { fromMemberId: fromId, intoMemberId: intoId, mergedAt: now });
    // Consent given in the mini-program now holds in chat: an onboarding still waiting at the consent
    // question would ask again for what the member already agreed to, so it ends here.
    if (await em.existsBy(MemberConsent, { memberId: intoId, purpose: 'profile', withdrawnAt: IsNull() })) {
      await em.delete(DialogState, { subjectKey: `member:${intoId}`, dialog: 'onboarding', step: 'consent' });
    }
    return em.findOneByOrFail(Member, { id: intoId });
  }
}
