import { birthdaysOn, helpFor, judgeDay, mainOverflow, warnsToday, type Expected } from '../../src/care/forecast/forecast-rules';
import { CAPACITY_REASON, ceilingOf, daysBetween, DAY_BOUND_OCCASIONS, endReason } from '../../src/outbox/capacity';
import { memberValueRank } from '../../src/loyalty/segments/member-value-ranks';
import { onTimeRate } from '../../src/reports/care-on-time';

const est = (occasion: Expected['occasion'], count: number, label = occasion): Expected => ({ occasion, label, count, source: 'estimate' });
const planned = (occasion: Expected['occasion'], count: number): Expected => ({ occasion, label: occasion, count, source: 'planned' });

describe('a forecast day against the ceiling', () => {
  it('fits when the day adds up to the ceiling or less', () => {
    expect(judgeDay({ account: 'store', date: '2026-12-25', ceiling: 5, estimates: [est('festival', 5)], planned: [] })).toMatchObject({ total: 5, fits: true, overflow: 0 });
  });

  it('gives the places to the more personal occasions first and says how many of each would not go out', () => {
    const day = judgeDay({ account: 'store', date: '2026-12-25', ceiling: 5, estimates: [est('festival', 12), est('post_purchase', 2), est('birthday', 1)], planned: [] });
    expect(day).toMatchObject({ total: 15, fits: false, overflow: 10 });
    expect(day.occasions.map((o) => [o.occasion, o.count, o.unsent])).toEqual([
      ['birthday', 1, 0],
      ['festival', 12, 8],
      ['post_purchase', 2, 2],
    ]);
    expect(mainOverflow(day)?.occasion).toBe('festival');
  });

  it('counts an occasion from its outbox rows once the planner has run, and keeps the estimates of the others', () => {
    const day = judgeDay({ account: 'store', date: '2026-12-25', ceiling: 300, estimates: [est('festival', 200), est('birthday', 4)], planned: [planned('festival', 180), planned('satisfaction_survey', 3)] });
    expect(day.occasions.map((o) => [o.occasion, o.count, o.source])).toEqual([
      ['birthday', 4, 'estimate'],
      ['festival', 180, 'planned'],
      ['satisfaction_survey', 3, 'planned'],
    ]);
    expect(day.total).toBe(187);
  });

  it('leaves out occasions that count nothing', () => {
    expect(judgeDay({ account: 'store', date: '2026-12-24', ceiling: 5, estimates: [est('festival', 0)], planned: [] }).occasions).toEqual([]);
  });

  it('says how many accounts a day needs', () => {
    expect(helpFor({ total: 13, ceiling: 5, overflow: 8 })).toEqual({ accountsNeeded: 3, moreAccounts: 2 });
    expect(helpFor({ total: 3, ceiling: 5, overflow: 0 })).toEqual({ accountsNeeded: 1, moreAccounts: 0 });
  });
});

describe('birthdays of a day from grouped members', () => {
  it('counts solar birthdays and lunar ones converted to the day, per account', () => {
    // 2026-09-25 is the 15th of the 8th lunar month (中秋).
    const groups = [
      { account: 'store', calendar: 'solar' as const, month: 9, day: 25, leap: false, n: 3 },
      { account: 'counter', calendar: 'lunar' as const, month: 8, day: 15, leap: false, n: 2 },
      { account: 'store', calendar: 'solar' as const, month: 9, day: 26, leap: false, n: 7 },
    ];
    expect([...birthdaysOn(groups, '2026-09-25').entries()].sort()).toEqual([
      ['counter', 2],
      ['store', 3],
    ]);
  });
});

describe('when the manager hears about a day that does not fit', () => {
  it('warns ten and seven days ahead (at least a week), then three days and one day before', () => {
    const today = '2026-12-15';
    const ahead = ['2026-12-25', '2026-12-22', '2026-12-18', '2026-12-16'];
    expect(ahead.map((d) => warnsToday(d, today))).toEqual([true, true, true, true]);
    expect(['2026-12-24', '2026-12-26', '2026-12-15', '2026-12-20'].map((d) => warnsToday(d, today))).toEqual([false, false, false, false]);
  });
});

describe('the member value that orders a day over the ceiling', () => {
  const tiers = [
    { tier: 'silver', minFen: 1_000_000 },
    { tier: 'gold', minFen: 2_000_000 },
    { tier: 'diamond', minFen: 5_000_000 },
  ];
  it('ranks higher tiers first, then the RFM segment within a tier, members without a segment last', () => {
    const ranks = [
      memberValueRank('diamond', null, tiers),
      memberValueRank('gold', 'low_value', tiers),
      memberValueRank('silver', 'high_value', tiers),
      memberValueRank('silver', 'at_risk', tiers),
      memberValueRank('silver', 'potential', tiers),
      memberValueRank('silver', 'general', tiers),
      memberValueRank('silver', 'low_value', tiers),
      memberValueRank('silver', null, tiers),
      memberValueRank('none', 'high_value', tiers),
      memberValueRank('retired_tier', null, tiers),
    ];
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks.slice(0, 9)).size).toBe(9);
  });
  it('ranks everyone by segment alone when no tiers are configured', () => {
    expect(memberValueRank('none', 'high_value', [])).toBeLessThan(memberValueRank('none', 'general', []));
  });
});

describe('the end of a row the ceiling kept back', () => {
  it('is `capacity` when the account was at its ceiling, else the other reason', () => {
    expect(endReason(true, 'expired')).toBe(CAPACITY_REASON);
    expect(endReason(false, 'expired:day_passed')).toBe('expired:day_passed');
  });
  it('binds festival, targeted festival and season greetings to their day', () => {
    expect([...DAY_BOUND_OCCASIONS].sort()).toEqual(['festival', 'season', 'targeted_festival']);
  });
  it("reads each account's own ceiling, else the store's", () => {
    const s = { dailyLimit: 300, accountLimits: { counter: 120 } };
    expect([ceilingOf(s, 'counter'), ceilingOf(s, 'store')]).toEqual([120, 300]);
  });
  it('walks the store days a row waited, across a month end', () => {
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(daysBetween('2026-12-02', '2026-12-02')).toEqual(['2026-12-02']);
  });
});

describe('the on-time rate', () => {
  it('is sent on the day over planned, to three places, and null with nothing planned', () => {
    expect([onTimeRate(4, 12), onTimeRate(1, 1), onTimeRate(0, 0)]).toEqual([0.333, 1, null]);
  });
});
