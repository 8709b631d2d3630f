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
 * Lifecycle from purchase facts: prospect → new (first purchase) → regular (repeat) → dormant (no purchase
 * for `dormantDays`). `loyal` is granted elsewhere (referrals) and kept while the member keeps buying.
 */
export function lifecycleFor(input: {
  current: Lifecycle;
  purchaseCount: number;
  lastPurchaseAt: Date | null;
  now: Date;
  dormantDays: number;
}): Lifecycle {
  if (input.purchaseCount === 0 || !input.lastPurchaseAt) return input.current;
  if (input.now.getTime() - input.lastPurchaseAt.getTime() > input.dormantDays * 86_400_000) return 'dormant';
  if (input.current === 'loyal') return 'loyal';
  return input.purchaseCount === 1 ? 'new' : 'regular';
}
