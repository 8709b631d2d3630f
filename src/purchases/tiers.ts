import type { Lifecycle } from '../members/member.entity';

/** A tier and the spend over the last 12 months (in fen) that reaches it. */
export interface TierThreshold {
  tier: string;
  minFen: number;
}

export const NO_TIER = 'none';
export const SPEND_WINDOW_DAYS = 365;

/**
 * `silver:10000,gold:20000,diamond:50000` (yuan) → thresholds, lowest first; null when malformed or not
 * rising, so config validation can name the variable.
 */
export function parseTierThresholds(spec: string): TierThreshold[] | null {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const out: TierThreshold[] = [];
  for (const part of parts) {
    const m = /^([a-z][a-z0-9_]{0,15}):(\d{1,9})$/.exec(part);
    if (!m || m[1] === NO_TIER) return null;
    const minFen = Number(m[2]) * 100;
    if (minFen <= 0) return null;
    if (out.length && (minFen <= out[out.length - 1].minFen || out.some((t) => t.tier === m[1]))) return null;
    out.push({ tier: m[1], minFen });
  }
  return out;
}

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
