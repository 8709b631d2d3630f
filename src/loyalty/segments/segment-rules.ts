import type { RfmConfig } from './rfm.config-schema';

/** RFM segments (DOMAIN.md "Segments and tiers"), plus at-risk: a high-value member whose visits thin out. */
export const SEGMENTS = ['high_value', 'potential', 'general', 'low_value', 'at_risk'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface RfmScores {
  recency: number;
  frequency: number;
  monetary: number;
}

/**
 * The segment of one member's scores, given their segment before tonight's scoring. Checked in this order:
 * - high-value: recent, frequent and big (all three scores high);
 * - at-risk: was high-value (or already at-risk), still frequent and big, but recency has fallen;
 * - potential: recent and big but not (yet) frequent;
 * - low-value: neither recent nor big;
 * - general: everyone else who bought in the window.
 * The SQL of the nightly job (`segmentCaseSql`) is built from the same rule; the unit test holds them together.
 */
export function segmentFor(s: RfmScores, previous: Segment | null, cfg: Pick<RfmConfig, 'highScore' | 'lowScore'>): Segment {
  const high = (v: number) => v >= cfg.highScore;
  const low = (v: number) => v <= cfg.lowScore;
  if (high(s.recency) && high(s.frequency) && high(s.monetary)) return 'high_value';
  if ((previous === 'high_value' || previous === 'at_risk') && high(s.frequency) && high(s.monetary)) return 'at_risk';
  if (high(s.recency) && high(s.monetary)) return 'potential';
  if (low(s.recency) && low(s.monetary)) return 'low_value';
  return 'general';
}

/**
 * The same rule as a SQL CASE over columns `r`, `f`, `m` and `prev` (the segment before), with the two
 * limits inlined as integers (validated config, never user input).
 */
export function segmentCaseSql(cfg: Pick<RfmConfig, 'highScore' | 'lowScore'>, c = { r: 'r', f: 'f', m: 'm', prev: 'prev' }): string {
  const hi = Math.trunc(cfg.highScore);
  const lo = Math.trunc(cfg.lowScore);
  return (
    `CASE WHEN ${c.r} >= ${hi} AND ${c.f} >= ${hi} AND ${c.m} >= ${hi} THEN 'high_value'` +
    ` WHEN ${c.prev} IN ('high_value', 'at_risk') AND ${c.f} >= ${hi} AND ${c.m} >= ${hi} THEN 'at_risk'` +
    ` WHEN ${c.r} >= ${hi} AND ${c.m} >= ${hi} THEN 'potential'` +
    ` WHEN ${c.r} <= ${lo} AND ${c.m} <= ${lo} THEN 'low_value'` +
    ` ELSE 'general' END`
  );
}

/** Quintile score 1–5 from a 1-based rank among n (ties share the lowest rank, so equal values score alike). */
export function quintileScore(rank: number, n: number): number {
  return 1 + Math.floor(((rank - 1) * 5) / n);
}

/** Threshold score: 1 + how many of the four rising limits the value reaches. */
export function thresholdScore(value: number, limits: readonly number[]): number {
  return 1 + limits.filter((l) => value >= l).length;
}
