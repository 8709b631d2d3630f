/**
 * The referral rules, pure: who may name whom, and what a first purchase earns. The service reads the
 * facts from the database; the decisions are here (unit-tested in test/unit/loyalty-referral-rules.test.ts).
 */

/** Why naming a referrer was refused. */
export type ClaimRefusal =
  | 'unknown_code'
  | 'self'
  | 'already_named'
  | 'already_bought'
  | 'not_new'
  | 'known_phone'
  | 'known_contact'
  | 'loop';

export interface ClaimFacts {
  memberId: number;
  /** The member the code belongs to; null when no member has it. */
  referrerId: number | null;
  /** Both records carry the same phone number: one person with two accounts. */
  samePhone: boolean;
  alreadyNamed: boolean;
  purchases: number;
  joinedAt: Date;
  now: Date;
  claimDays: number;
  /** Another member record has this member's phone number. */
  phoneKnownElsewhere: boolean;
  /** The member's WeChat contact wrote to the store before this member record existed, or belongs to another member. */
  contactKnownBefore: boolean;
  /** Who referred the referrer, who referred them, … (nearest first). */
  referrerChain: readonly number[];
}

/** Whether this member may name this referrer now; the first rule that fails says why not. */
export function decideClaim(f: ClaimFacts): { ok: true; referrerId: number } | { ok: false; reason: ClaimRefusal } {
  if (f.referrerId === null) return { ok: false, reason: 'unknown_code' };
  if (f.referrerId === f.memberId || f.samePhone) return { ok: false, reason: 'self' };
  if (f.alreadyNamed) return { ok: false, reason: 'already_named' };
  if (f.purchases > 0) return { ok: false, reason: 'already_bought' };
  if (f.now.getTime() - f.joinedAt.getTime() > f.claimDays * 86_400_000) return { ok: false, reason: 'not_new' };
  if (f.phoneKnownElsewhere) return { ok: false, reason: 'known_phone' };
  if (f.contactKnownBefore) return { ok: false, reason: 'known_contact' };
  if (f.referrerChain.includes(f.memberId)) return { ok: false, reason: 'loop' };
  return { ok: true, referrerId: f.referrerId };
}

export interface RewardFacts {
  /** Spend (fen) on the store day of the friend's first purchase. */
  firstDaySpendFen: number;
  minFen: number;
  /** Whether that store day is over (a later line of the same day could still reach the amount). */
  firstDayOver: boolean;
  /** The first purchase was recorded before the referrer was named (e.g. an account merged in later). */
  purchasedBeforeClaim: boolean;
  /** Rules that may have become true after the claim (a phone given later). */
  samePhone: boolean;
  phoneKnownElsewhere: boolean;
  /** Referrals of this referrer already rewarded in the calendar month of the purchase. */
  rewardedThisMonth: number;
  monthlyCap: number;
}

export type RewardDecision =
  | { kind: 'wait' }
  | { kind: 'void'; reason: 'purchased_before_claim' | 'first_purchase_too_small' | 'self' | 'known_phone' }
  | { kind: 'reward'; referrer: boolean; reason: 'monthly_cap' | null };

/** What the friend's first purchase earns: both rewarded, only the friend (cap reached), nothing, or not yet known. */
export function decideReward(f: RewardFacts): RewardDecision {
  if (f.purchasedBeforeClaim) return { kind: 'void', reason: 'purchased_before_claim' };
  if (f.samePhone) return { kind: 'void', reason: 'self' };
  if (f.phoneKnownElsewhere) return { kind: 'void', reason: 'known_phone' };
  if (f.firstDaySpendFen < f.minFen) return f.firstDayOver ? { kind: 'void', reason: 'first_purchase_too_small' } : { kind: 'wait' };
  if (f.rewardedThisMonth >= f.monthlyCap) return { kind: 'reward', referrer: false, reason: 'monthly_cap' };
  return { kind: 'reward', referrer: true, reason: null };
}

/** Referral codes: six characters without the ones people misread (0/O, 1/I/L). */
export const REFERRAL_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const REFERRAL_CODE_PATTERN = /^[A-HJKMNP-Z2-9]{6}$/;

/** What a member typed after 推荐人: a member code (M000123) or a referral code, normalised; null when neither. */
export function parseReferrerInput(text: string): { kind: 'member_code' | 'referral_code'; value: string } | null {
  const t = text.replace(/[\s:：#]/g, '').toUpperCase();
  if (/^M\d{6,}$/.test(t)) return { kind: 'member_code', value: t };
  if (REFERRAL_CODE_PATTERN.test(t)) return { kind: 'referral_code', value: t };
  return null;
}
