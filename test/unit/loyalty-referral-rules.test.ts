import { loadConfig } from '../../src/config';
import { decideClaim, decideReward, parseReferrerInput } from '../../src/loyalty/referrals/referral-rules';
import { lifecycleFor, parseTierThresholds } from '../../src/loyalty/tiers';
import { vipTiersFor } from '../../src/loyalty/tiers/tier-thresholds.config-schema';

const now = new Date('2026-11-22T02:00:00Z');
const claim = {
  memberId: 10,
  referrerId: 3,
  samePhone: false,
  alreadyNamed: false,
  purchases: 0,
  joinedAt: now,
  now,
  claimDays: 30,
  phoneKnownElsewhere: false,
  contactKnownBefore: false,
  referrerChain: [7],
};

describe('referral rules', () => {
  it('accepts a new member naming someone else, and says why not for each rule', () => {
    expect(decideClaim(claim)).toEqual({ ok: true, referrerId: 3 });
    expect(decideClaim({ ...claim, referrerId: null })).toEqual({ ok: false, reason: 'unknown_code' });
    expect(decideClaim({ ...claim, referrerId: 10 })).toEqual({ ok: false, reason: 'self' });
    expect(decideClaim({ ...claim, samePhone: true })).toEqual({ ok: false, reason: 'self' });
    expect(decideClaim({ ...claim, alreadyNamed: true })).toEqual({ ok: false, reason: 'already_named' });
    expect(decideClaim({ ...claim, purchases: 1 })).toEqual({ ok: false, reason: 'already_bought' });
    expect(decideClaim({ ...claim, joinedAt: new Date(now.getTime() - 31 * 86_400_000) })).toEqual({ ok: false, reason: 'not_new' });
    expect(decideClaim({ ...claim, phoneKnownElsewhere: true })).toEqual({ ok: false, reason: 'known_phone' });
    expect(decideClaim({ ...claim, contactKnownBefore: true })).toEqual({ ok: false, reason: 'known_contact' });
    expect(decideClaim({ ...claim, referrerChain: [7, 10] })).toEqual({ ok: false, reason: 'loop' });
  });

  it('rewards a first purchase that reaches the amount, waits while its day is open, and caps the referrer per month', () => {
    const base = { firstDaySpendFen: 10_000, minFen: 10_000, firstDayOver: false, purchasedBeforeClaim: false, samePhone: false, phoneKnownElsewhere: false, rewardedThisMonth: 0, monthlyCap: 2 };
    expect(decideReward(base)).toEqual({ kind: 'reward', referrer: true, reason: null });
    expect(decideReward({ ...base, firstDaySpendFen: 9_999 })).toEqual({ kind: 'wait' });
    expect(decideReward({ ...base, firstDaySpendFen: 9_999, firstDayOver: true })).toEqual({ kind: 'void', reason: 'first_purchase_too_small' });
    expect(decideReward({ ...base, rewardedThisMonth: 2 })).toEqual({ kind: 'reward', referrer: false, reason: 'monthly_cap' });
    expect(decideReward({ ...base, purchasedBeforeClaim: true })).toEqual({ kind: 'void', reason: 'purchased_before_claim' });
    expect(decideReward({ ...base, samePhone: true })).toEqual({ kind: 'void', reason: 'self' });
    expect(decideReward({ ...base, phoneKnownElsewhere: true })).toEqual({ kind: 'void', reason: 'known_phone' });
  });

  it('reads a member code or a referral code after 推荐人, whatever the case and spacing', () => {
    expect(parseReferrerInput(' m000123 ')).toEqual({ kind: 'member_code', value: 'M000123' });
    expect(parseReferrerInput('#M000123')).toEqual({ kind: 'member_code', value: 'M000123' });
    expect(parseReferrerInput('k7qx 2m')).toEqual({ kind: 'referral_code', value: 'K7QX2M' });
    expect(parseReferrerInput('K7QX2O')).toBeNull();
    expect(parseReferrerInput('老王')).toBeNull();
  });
});

describe('lifecycle with referrals and lost members', () => {
  const base = { now, dormantDays: 90 };
  it('makes a repeat buyer with a successful referral loyal, and keeps lost until the member comes back', () => {
    expect(lifecycleFor({ ...base, current: 'regular', purchaseCount: 2, lastPurchaseAt: now, successfulReferrals: 1 })).toBe('loyal');
    expect(lifecycleFor({ ...base, current: 'new', purchaseCount: 1, lastPurchaseAt: now, successfulReferrals: 1 })).toBe('new');
    expect(lifecycleFor({ ...base, current: 'loyal', purchaseCount: 3, lastPurchaseAt: now, successfulReferrals: 0 })).toBe('regular');
    expect(lifecycleFor({ ...base, current: 'lost', purchaseCount: 3, lastPurchaseAt: now, successfulReferrals: 1 })).toBe('lost');
  });
});

describe('VIP_TIERS', () => {
  const thresholds = parseTierThresholds('silver:10000,gold:20000,diamond:50000')!;
  it('defaults to gold and above, else the top tier, and refuses a tier that is not configured', () => {
    expect(vipTiersFor('', thresholds)).toEqual(['gold', 'diamond']);
    expect(vipTiersFor('', parseTierThresholds('bronze:100,platinum:900')!)).toEqual(['platinum']);
    expect(vipTiersFor('silver, diamond', thresholds)).toEqual(['silver', 'diamond']);
    expect(vipTiersFor('ruby', thresholds)).toBeNull();
    expect(loadConfig({}).vipTiers).toEqual(['gold', 'diamond']);
    expect(() => loadConfig({ VIP_TIERS: 'ruby' })).toThrow(/VIP_TIERS: every tier must be one of TIER_THRESHOLDS/);
    expect(() => loadConfig({ AT_RISK_QUIET_DAYS: '120' })).toThrow(/AT_RISK_QUIET_DAYS: must be smaller than DORMANT_AFTER_DAYS/);
  });
});
