import { lifecycleFor, parseTierThresholds, tierFor, tierRank, tierThresholdsEnv, TIER_THRESHOLDS_HINT } from '../../src/loyalty/tiers';

describe('tiers and lifecycle', () => {
  const thresholds = parseTierThresholds('silver:10000,gold:20000,diamond:50000')!;

  it('parses rising yuan thresholds into fen and refuses malformed or falling ones', () => {
    expect(thresholds).toEqual([
      { tier: 'silver', minFen: 1_000_000 },
      { tier: 'gold', minFen: 2_000_000 },
      { tier: 'diamond', minFen: 5_000_000 },
    ]);
    expect(parseTierThresholds('gold:20000,silver:10000')).toBeNull();
    expect(parseTierThresholds('silver:abc')).toBeNull();
    expect(parseTierThresholds('none:100')).toBeNull();
    expect(parseTierThresholds('')).toBeNull();
  });

  it('gives the highest tier the 12-month spend reaches', () => {
    expect(tierFor(999_999, thresholds)).toBe('none');
    expect(tierFor(1_000_000, thresholds)).toBe('silver');
    expect(tierFor(2_500_000, thresholds)).toBe('gold');
    expect(tierFor(9_000_000, thresholds)).toBe('diamond');
    expect(tierRank('gold', thresholds)).toBeGreaterThan(tierRank('silver', thresholds));
    expect(tierRank('none', thresholds)).toBe(0);
  });

  it('moves prospect → new → regular with purchases and to dormant after the quiet period', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    const day = 86_400_000;
    const base = { now, dormantDays: 90 };
    expect(lifecycleFor({ ...base, current: 'prospect', purchaseCount: 0, lastPurchaseAt: null })).toBe('prospect');
    expect(lifecycleFor({ ...base, current: 'prospect', purchaseCount: 1, lastPurchaseAt: now })).toBe('new');
    expect(lifecycleFor({ ...base, current: 'new', purchaseCount: 2, lastPurchaseAt: now })).toBe('regular');
    expect(lifecycleFor({ ...base, current: 'loyal', purchaseCount: 5, lastPurchaseAt: now })).toBe('loyal');
    expect(lifecycleFor({ ...base, current: 'regular', purchaseCount: 5, lastPurchaseAt: new Date(now.getTime() - 91 * day) })).toBe('dormant');
    expect(lifecycleFor({ ...base, current: 'dormant', purchaseCount: 6, lastPurchaseAt: now })).toBe('regular');
  });
});

describe('TIER_THRESHOLDS as a config schema', () => {
  it('yields the parsed thresholds and refuses a malformed value with the hint', () => {
    expect(tierThresholdsEnv.parse('silver:100,gold:200')).toEqual([
      { tier: 'silver', minFen: 10_000 },
      { tier: 'gold', minFen: 20_000 },
    ]);
    const bad = tierThresholdsEnv.safeParse('gold:200,silver:100');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe(TIER_THRESHOLDS_HINT);
  });
});
