import type { Lifecycle } from '../../members';
import { NO_TIER, type TierThreshold } from './tier-thresholds.config-schema';

/** The highest tier the spend reaches, or 'none'. */
export function tierFor(spendFen: number, thresholds: readonly TierThreshold[]): string {
  let tier = NO_TIER;
  for (const t of thresholds) if (spendFen >= t.minFen) tier = t.tier;
  return tier;
}

/** 0 for none (or a tier no longer configured), 1 for the lowest configured tier, … */
export function tierRank(tier: string, thresholds: readonly TierThreshold[]): number {
  return thresholds.findIndex((t) => t.tier === tier) + 1;
}

/**
 * Lifecycle from purchase facts: prospect → new (first purchase) → regular (repeat) → loyal (repeat and at
 * least one successful referral) → dormant (no purchase for `dormantDays`). `lost` (the member removed the
 * store account) is left to the lost-member flow: purchases do not end it, adding the store again does.
 * Without `successfulReferrals` (unknown), a loyal member stays loyal while buying.
 */
export function lifecycleFor(input: {
  current: Lifecycle;
  purchaseCount: number;
  lastPurchaseAt: Date | null;
  now: Date;
  dormantDays: number;
  successfulReferrals?: number;
}): Lifecycle {
  if (input.current === 'lost') return 'lost';
  if (input.purchaseCount === 0 || !input.lastPurchaseAt) return input.current;
  if (input.now.getTime() - input.lastPurchaseAt.getTime() > input.dormantDays * 86_400_000) return 'dormant';
  if (input.successfulReferrals === undefined) {
    if (input.current === 'loyal') return 'loyal';
  } else if (input.purchaseCount >= 2 && input.successfulReferrals >= 1) return 'loyal';
  return input.purchaseCount === 1 ? 'new' : 'regular';
}
