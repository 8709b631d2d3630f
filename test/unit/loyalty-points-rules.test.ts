import { loadConfig } from '../../src/config';
import { allocate, expiryOf, lastDayOf, parsePointsExpiry, parsePointsStaffWord, parseTierMultipliers, pointsForPurchase } from '../../src/loyalty/points';

const TZ = 'Asia/Shanghai';
const rule = { perYuan: 1, multipliers: { silver: 1.2, gold: 1.5 } };

describe('points rules', () => {
  it('earns points per yuan times the tier multiplier, rounded down, nothing for refunds', () => {
    expect(pointsForPurchase(29950, 'none', rule)).toBe(299);
    expect(pointsForPurchase(10000, 'silver', rule)).toBe(120);
    expect(pointsForPurchase(99, 'gold', rule)).toBe(1);
    expect(pointsForPurchase(-5000, 'gold', rule)).toBe(0);
    expect(pointsForPurchase(10000, 'none', { perYuan: 0.5, multipliers: {} })).toBe(50);
  });

  it('expires at the end of the 12th month after the month earned, in store time', () => {
    const late = expiryOf(new Date('2026-03-31T23:30:00+08:00'), { unit: 'month_end', count: 12 }, TZ);
    expect(late.toISOString()).toBe(new Date('2027-04-01T00:00:00+08:00').toISOString());
    expect(lastDayOf(late, TZ)).toBe('2027-03-31');
    // 1 January store time is still 31 December in UTC: the store's month counts.
    expect(lastDayOf(expiryOf(new Date('2026-01-01T00:10:00+08:00'), { unit: 'month_end', count: 12 }, TZ), TZ)).toBe('2027-01-31');
    expect(expiryOf(new Date('2026-03-15T10:00:00+08:00'), { unit: 'days', count: 365 }, TZ).toISOString()).toBe(new Date('2027-03-15T10:00:00+08:00').toISOString());
  });

  it('spends the soonest-expiring lots first, a refund its own purchase first', () => {
    const lots = [
      { id: 1, remaining: 100, expiresAt: new Date('2027-03-01'), purchaseId: 10 },
      { id: 2, remaining: 50, expiresAt: new Date('2027-02-01'), purchaseId: 11 },
      { id: 3, remaining: 70, expiresAt: new Date('2027-04-01'), purchaseId: 12 },
    ];
    expect(allocate(lots, 120)).toEqual([
      { lotId: 2, take: 50 },
      { lotId: 1, take: 70 },
    ]);
    expect(allocate(lots, 80, 12)).toEqual([
      { lotId: 3, take: 70 },
      { lotId: 2, take: 10 },
    ]);
  });

  it('reads the staff words 兑换, 调整 and 积分 and leaves everything else to the relay', () => {
    expect(parsePointsStaffWord('#M000123 兑换 500 保温杯')).toEqual({ kind: 'redeem', code: 'M000123', points: 500, note: '保温杯' });
    expect(parsePointsStaffWord('#m000123 兑换500分')).toEqual({ kind: 'redeem', code: 'M000123', points: 500, note: null });
    expect(parsePointsStaffWord('#M000123 兑换 -5')).toMatchObject({ kind: 'redeem', points: null });
    expect(parsePointsStaffWord('#M000123 调整 +200 生日补偿')).toEqual({ kind: 'adjust', code: 'M000123', points: 200, reason: '生日补偿' });
    expect(parsePointsStaffWord('#M000123 调整 -30 录错')).toMatchObject({ points: -30, reason: '录错' });
    expect(parsePointsStaffWord('#M000123 调整 200 无符号')).toMatchObject({ kind: 'adjust', points: null });
    expect(parsePointsStaffWord('#M000123 积分')).toEqual({ kind: 'show', code: 'M000123' });
    expect(parsePointsStaffWord('#M000123 积分攒了多少啦，您可以来换礼物')).toBeNull();
    expect(parsePointsStaffWord('#M000123 陈姐，新款到了')).toBeNull();
    expect(parsePointsStaffWord('#T20261122-0007 回复 好的')).toBeNull();
  });

  it('validates the points configuration and names tiers that do not exist', () => {
    expect(parseTierMultipliers('silver:1.2,gold:1.5')).toEqual({ silver: 1.2, gold: 1.5 });
    expect(parseTierMultipliers('')).toEqual({});
    expect(parseTierMultipliers('gold:x')).toBeNull();
    expect(parsePointsExpiry('12m')).toEqual({ unit: 'month_end', count: 12 });
    expect(parsePointsExpiry('365d')).toEqual({ unit: 'days', count: 365 });
    expect(parsePointsExpiry('1y')).toBeNull();
    const c = loadConfig({});
    expect(c.POINTS_TIER_MULTIPLIERS).toEqual({ silver: 1.2, gold: 1.5, diamond: 2 });
    expect(c.POINTS_EXPIRE_AFTER).toEqual({ unit: 'month_end', count: 12 });
    const bad = () => loadConfig({ POINTS_TIER_MULTIPLIERS: 'platinum:3', POINTS_EXPIRE_AFTER: 'soon', POINTS_PER_YUAN: '-1' });
    expect(bad).toThrow(/POINTS_TIER_MULTIPLIERS: names tiers TIER_THRESHOLDS does not have \(platinum\)/);
    expect(bad).toThrow(/POINTS_EXPIRE_AFTER: expected 12m/);
    expect(bad).toThrow(/POINTS_PER_YUAN/);
  });
});
