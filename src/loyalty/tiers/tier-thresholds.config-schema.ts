import { z } from 'zod';

/**
 * TIER_THRESHOLDS: the pure parser config validates with. No imports beyond zod, so `src/config.ts`
 * can use it without pulling in the loyalty module.
 */

/** A tier and the spend over the last 12 months (in fen) that reaches it. */
export interface TierThreshold {
  tier: string;
  minFen: number;
}

export const NO_TIER = 'none';

export const TIER_THRESHOLDS_HINT = 'expected tier:yuan pairs, rising, e.g. silver:10000,gold:20000,diamond:50000';

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

/** The env variable as a zod schema that yields the parsed thresholds (for `loadConfig`). */
export const tierThresholdsEnv = z.string().transform((spec, ctx): TierThreshold[] => {
  const parsed = parseTierThresholds(spec);
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: TIER_THRESHOLDS_HINT });
    return z.NEVER;
  }
  return parsed;
});

/**
 * VIP_TIERS → the tiers with a visit plan. Empty: gold and every tier above it (the top tier alone when
 * no tier is called gold). null when a name is not a configured tier.
 */
export function vipTiersFor(spec: string, thresholds: readonly TierThreshold[]): string[] | null {
  const names = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (names.length) return names.every((n) => thresholds.some((t) => t.tier === n)) ? names : null;
  const gold = thresholds.findIndex((t) => t.tier === 'gold');
  return thresholds.slice(gold >= 0 ? gold : Math.max(0, thresholds.length - 1)).map((t) => t.tier);
}
