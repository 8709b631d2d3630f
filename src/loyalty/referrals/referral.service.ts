import { randomInt } from 'node:crypto';
import { In, IsNull, LessThan, Not, type DataSource } from 'typeorm';
import type { ChatNotifier } from '../../chat';
import { isUniqueViolation } from '../../db/sql-dialect';
import { ChatIdentity, ChatMessage, Member, MemberService } from '../../members';
import type { OutboxPort } from '../../outbox';
import { Purchase } from '../../purchases';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { monthBounds, storeDateKey, storeDayBounds } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { StaffService } from '../../staff';
import type { ReferralRewards } from './referral-rewards';
import { decideClaim, decideReward, parseReferrerInput, REFERRAL_CODE_ALPHABET, type ClaimRefusal } from './referral-rules';
import { Referral, ReferralCode, type ReferralChannel } from './referral.entity';

export interface ReferralSettings {
  /** The friend's first purchase (its store day) must reach this (fen). */
  minPurchaseFen: number;
  referrerPoints: number;
  referredPoints: number;
  monthlyCap: number;
  claimDays: number;
  timezone: string;
}

export interface ReferralServiceDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  members: Pick<MemberService, 'assistantOf' | 'findByCode'>;
  staff: Pick<StaffService, 'managers'>;
  notifier: ChatNotifier;
  outbox: OutboxPort;
  rewards: ReferralRewards;
  settings: ReferralSettings;
}

export type ClaimResult = { ok: true; referrerCode: string } | { ok: false; reason: ClaimRefusal };

/** A contact who wrote this long before the member record existed was known before (the record is made on the first message). */
const KNOWN_BEFORE_MS = 60_000;

/**
 * Referrals (转介绍): each member's code, a new member naming who brought them (once, before buying), and
 * the reward when the friend's first purchase qualifies — points for both (ReferralRewards) and a thank-you
 * to the referrer from their assistant.
 */
export class ReferralService {
  constructor(private readonly deps: ReferralServiceDeps) {}

  /** The member's referral code, made on first use. */
  async codeFor(memberId: number): Promise<string> {
    const repo = this.deps.ds.getRepository(ReferralCode);
    for (let attempt = 0; attempt < 8; attempt++) {
      const existing = await repo.findOneBy({ memberId });
      if (existing) return existing.code;
      const code = Array.from({ length: 6 }, () => REFERRAL_CODE_ALPHABET[randomInt(REFERRAL_CODE_ALPHABET.length)]).join('');
      try {
        await repo.insert({ memberId, code, createdAt: this.deps.clock.now() });
        return code;
      } catch (err) {
        // Another request made this member's code, or the code is taken: look again.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new Error('could not make a referral code');
  }

  /** A member names who brought them (a member code or a referral code), in chat or at the first mini-program login. */
  async claim(memberId: number, given: string, channel: ReferralChannel): Promise<ClaimResult> {
    const { ds, clock } = this.deps;
    const now = clock.now();
    const member = await ds.getRepository(Member).findOneByOrFail({ id: memberId });
    const referrer = await this.resolveReferrer(given);
    const facts = {
      memberId,
      referrerId: referrer?.id ?? null,
      samePhone: Boolean(referrer && member.phoneHash && member.phoneHash === referrer.phoneHash),
      alreadyNamed: await ds.getRepository(Referral).existsBy({ memberId }),
      purchases: await ds.getRepository(Purchase).countBy({ memberId }),
      joinedAt: member.createdAt,
      now,
      claimDays: this.deps.settings.claimDays,
      phoneKnownElsewhere: await this.phoneKnownElsewhere(member),
      contactKnownBefore: await this.contactKnownBefore(member),
      referrerChain: referrer ? await this.chainAbove(referrer.id) : [],
    };
    const decision = decideClaim(facts);
    if (!decision.ok) return decision;
    try {
      await ds.getRepository(Referral).insert({ memberId, referrerId: decision.referrerId, channel, status: 'pending', claimedAt: now });
    } catch (err) {
      if (isUniqueViolation(err)) return { ok: false, reason: 'already_named' };
      throw err;
    }
    this.deps.log.info({ memberId, referrerId: decision.referrerId, channel }, 'referral named');
    return { ok: true, referrerCode: referrer!.code };
  }

  private async resolveReferrer(given: string): Promise<Member | null> {
    const parsed = parseReferrerInput(given);
    if (!parsed) return null;
    if (parsed.kind === 'member_code') {
      const m = await this.deps.members.findByCode(parsed.value);
      return m && !m.erasedAt ? m : null;
    }
    const code = await this.deps.ds.getRepository(ReferralCode).findOneBy({ code: parsed.value });
    return code ? this.deps.ds.getRepository(Member).findOneBy({ id: code.memberId, erasedAt: IsNull() }) : null;
  }

  private async phoneKnownElsewhere(member: Member): Promise<boolean> {
    if (!member.phoneHash) return false;
    return this.deps.ds.getRepository(Member).existsBy({ phoneHash: member.phoneHash, id: Not(member.id), erasedAt: IsNull() });
  }

  /** The member's WeChat contact wrote before the record existed, or is (was) another member's. */
  private async contactKnownBefore(member: Member): Promise<boolean> {
    const contacts = (await this.deps.ds.getRepository(ChatIdentity).findBy({ memberId: member.id })).map((i) => i.contactId);
    if (!contacts.length) return false;
    const messages = this.deps.ds.getRepository(ChatMessage);
    const before = new Date(member.createdAt.getTime() - KNOWN_BEFORE_MS);
    if (await messages.existsBy({ contactId: In(contacts), createdAt: LessThan(before) })) return true;
    return messages.existsBy({ contactId: In(contacts), memberId: Not(member.id) });
  }

  /** Who referred this member, who referred them, … (a loop would bring the claimant back). */
  private async chainAbove(memberId: number): Promise<number[]> {
    const chain: number[] = [];
    let current = memberId;
    for (let depth = 0; depth < 50; depth++) {
      const up = await this.deps.ds.getRepository(Referral).findOneBy({ memberId: current });
      if (!up || chain.includes(up.referrerId)) break;
      chain.push(up.referrerId);
      current = up.referrerId;
    }
    return chain;
  }

  /**
   * After purchases were recorded: pending referrals of these members whose first purchase now qualifies
   * are rewarded (once, whatever instance gets there first). Returns the referrers rewarded (their
   * lifecycle may become loyal).
   */
  async qualify(memberIds: number[]): Promise<number[]> {
    if (!memberIds.length) return [];
    const { ds, clock, settings } = this.deps;
    const pending = await ds.getRepository(Referral).findBy({ memberId: In(memberIds), status: 'pending' });
    const rewarded: number[] = [];
    for (const r of pending) {
      const now = clock.now();
      const purchases = await ds.getRepository(Purchase).find({ where: { memberId: r.memberId }, order: { purchasedAt: 'ASC', id: 'ASC' } });
      if (!purchases.length) continue;
      const first = purchases[0];
      const day = storeDayBounds(first.purchasedAt, settings.timezone);
      const [member, referrer] = await Promise.all([
        ds.getRepository(Member).findOneByOrFail({ id: r.memberId }),
        ds.getRepository(Member).findOneBy({ id: r.referrerId }),
      ]);
      const month = monthBounds(storeDateKey(now, settings.timezone).slice(0, 7), settings.timezone);
      const decision = decideReward({
        firstDaySpendFen: purchases.filter((p) => p.purchasedAt >= day.start && p.purchasedAt < day.end).reduce((s, p) => s + p.amountFen, 0),
        minFen: settings.minPurchaseFen,
        firstDayOver: now.getTime() >= day.end.getTime(),
        purchasedBeforeClaim: purchases.some((p) => p.createdAt.getTime() < r.claimedAt.getTime()),
        samePhone: Boolean(referrer && member.phoneHash && member.phoneHash === referrer.phoneHash),
        phoneKnownElsewhere: await this.phoneKnownElsewhere(member),
        rewardedThisMonth: await ds
          .getRepository(Referral)
          .createQueryBuilder('r')
          .where('r.referrerId = :id AND r.status = :s AND r.qualifiedAt >= :from AND r.qualifiedAt < :to', { id: r.referrerId, s: 'rewarded', from: month.start, to: month.end })
          .getCount(),
        monthlyCap: settings.monthlyCap,
      });
      if (decision.kind === 'wait') continue;
      const status = decision.kind === 'void' ? 'void' : decision.referrer ? 'rewarded' : 'capped';
      // Only the update that finds the row still pending rewards: purchases recorded twice at once award once.
      const moved = await ds.getRepository(Referral).update({ id: r.id, status: 'pending' }, { status, qualifiedAt: now, purchaseId: first.id, reason: decision.reason });
      if ((moved.affected ?? 0) !== 1 || decision.kind === 'void') continue;
      await this.deps.rewards.award(r.memberId, settings.referredPoints, { kind: 'referral', referralId: r.id, role: 'referred' });
      if (decision.referrer) await this.deps.rewards.award(r.referrerId, settings.referrerPoints, { kind: 'referral', referralId: r.id, role: 'referrer' });
      rewarded.push(r.referrerId);
      if (referrer && !referrer.erasedAt) await this.thank(referrer, member, decision.referrer ? settings.referrerPoints : 0, now);
    }
    return rewarded;
  }

  /** The referrer hears from their assistant: a thank-you through the outbox, and the assistant is told to add a word. */
  private async thank(referrer: Member, friend: Member, points: number, now: Date): Promise<void> {
    const t = this.deps.templates;
    const assistant = await this.deps.members.assistantOf(referrer);
    const name = MemberService.displayName(referrer);
    const text = t.render('loyalty.referrals.thanks', { name, points, hasPoints: points > 0, assistant: assistant?.name ?? '', hasAssistant: Boolean(assistant) }, referrer.id);
    try {
      await this.deps.outbox.enqueue({
        memberId: referrer.id,
        occasion: 'referral_thanks',
        occasionDate: storeDateKey(now, this.deps.settings.timezone),
        text,
        dueAt: now,
        assistantId: referrer.assistantId,
        meta: { friendCode: friend.code },
      });
    } catch (err) {
      this.deps.log.warn({ memberId: referrer.id, err: (err as Error).message }, 'could not queue the referral thank-you');
    }
    const notice = t.render('loyalty.referrals.staff_thank', {
      referrer: name,
      referrerCode: referrer.code,
      friend: MemberService.displayName(friend),
      friendCode: friend.code,
      points,
      capped: points === 0,
    });
    const to = assistant ? [assistant.id] : (await this.deps.staff.managers()).map((m) => m.id);
    for (const id of to) await this.deps.notifier.toStaff(id, notice, { about: referrer });
  }

  /** Successful referrals (the friend's first purchase qualified) per referrer: loyal needs one. */
  async successfulReferrals(memberIds: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (!memberIds.length) return out;
    const rows = await this.deps.ds
      .getRepository(Referral)
      .createQueryBuilder('r')
      .select('r.referrerId', 'referrerId')
      .addSelect('COUNT(*)', 'n')
      .where('r.referrerId IN (:...ids) AND r.status IN (:...ok)', { ids: memberIds, ok: ['rewarded', 'capped'] })
      .groupBy('r.referrerId')
      .getRawMany<{ referrerId: number | string; n: number | string }>();
    for (const r of rows) out.set(Number(r.referrerId), Number(r.n));
    return out;
  }
}
