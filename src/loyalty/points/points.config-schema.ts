import { z } from 'zod';

/**
 * POINTS_TIER_MULTIPLIERS and POINTS_EXPIRE_AFTER: pure parsers config validates with. No imports beyond
 * zod, so `src/config.ts` can use them without pulling in the loyalty module.
 */

/** How long earned points live: to the end of the Nth month after the month earned, or N days. */
export interface PointsExpiry {
  unit: 'month_end' | 'days';
  count: number;
}

export const POINTS_MULTIPLIERS_HINT = 'expected tier:multiplier pairs, e.g. silver:1.2,gold:1.5,diamond:2 (multipliers 0–10)';
export const POINTS_EXPIRY_HINT = 'expected 12m (end of the 12th month after earning) or 365d (days after earning)';

/** `silver:1.2,gold:1.5` → {silver: 1.2, gold: 1.5}; empty → {}; null when malformed. */
export function parseTierMultipliers(spec: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z][a-z0-9_]{0,15}):(\d{1,2}(?:\.\d{1,2})?)$/.exec(part);
    if (!m || m[1] in out) return null;
    const n = Number(m[2]);
    if (n > 10) return null;
    out[m[1]] = n;
  }
  return out;
}

/** `12m` / `365d` → the expiry rule; null when malformed. */
export function parsePointsExpiry(spec: string): PointsExpiry | null {
  const m = /^(\d{1,4})\s*([md])$/.exec(spec.trim());
  if (!m) return null;
  const count = Number(m[1]);
  if (m[2] === 'm' && (count < 1 || count > 120)) return null;
  if (m[2] === 'd' && (count < 1 || count > 3650)) return null;
  return { unit: m[2] === 'm' ? 'month_end' : 'days', count };
}

export const tierMultipliersEnv = z
  .string()
  .transform((spec, ctx): Record<string, number> => {
    const parsed = parseTierMultipliers(spec);
    if (parsed === null) {
      ctx.addIssue({ code: 'custom', message: POINTS_MULTIPLIERS_HINT });
      return z.NEVER;
    }
    return parsed;
  });

export const pointsExpiryEnv = z.string().transform((spec, ctx): PointsExpiry => {
  const parsed = parsePointsExpiry(spec);
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: POINTS_EXPIRY_HINT });
    return z.NEVER;
  }
  return parsed;
});
