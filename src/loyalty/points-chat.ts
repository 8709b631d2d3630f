import type { MemberCommand } from '../chat';
import { MemberService } from '../members';
import { storeDateKey } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import type { PurchasesReader } from '../purchases';
import type { PointsService } from './points/points.service';
import { chineseDate, monthDay, signedPoints } from './points/points-text';
import { NO_TIER, tierFor, type TierThreshold } from './tiers';

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** How many of the latest ledger entries 积分 shows. */
const RECENT_ENTRIES = 3;

/**
 * 积分: the member's tier and 12-month spend, what the next tier takes, then the points balance, what
 * expires first and the latest changes.
 */
export function pointsCommand(deps: {
  purchases: Pick<PurchasesReader, 'summaryForMember'>;
  points: Pick<PointsService, 'summaryFor'>;
  templates: TemplateLibrary;
  thresholds: readonly TierThreshold[];
  perYuan: number;
  timezone: string;
}): MemberCommand {
  const t = deps.templates;
  const tierName = (tier: string) => (t.has(`purchases.tier.names.${tier}`) ? t.render(`purchases.tier.names.${tier}`) : null);
  return {
    name: 'points',
    words: ['积分', '我的积分', '会员等级', 'points'],
    async run(ctx) {
      const summary = await deps.purchases.summaryForMember(ctx.member.id);
      const tier = tierFor(summary.spend12mFen, deps.thresholds);
      const next = deps.thresholds.find((x) => x.minFen > summary.spend12mFen);
      const lines = [
        t.render(tier === NO_TIER || !tierName(tier) ? 'purchases.points.regular' : 'purchases.points.tier', {
          name: MemberService.displayName(ctx.member),
          tier: tierName(tier),
          spend: yuan(summary.spend12mFen),
        }),
      ];
      if (next && tierName(next.tier)) lines.push(t.render('purchases.points.next', { gap: yuan(next.minFen - summary.spend12mFen), next: tierName(next.tier) }));
      const points = await deps.points.summaryFor(ctx.member.id, RECENT_ENTRIES);
      if (points.balance > 0 || points.entries.length) lines.push(t.render('loyalty.points.balance', { balance: points.balance }));
      else lines.push(t.render('loyalty.points.balance_empty', { perYuan: deps.perYuan }));
      if (points.expiring[0]) lines.push(t.render('loyalty.points.expiring', { points: points.expiring[0].points, date: chineseDate(points.expiring[0].date) }));
      if (points.entries.length) {
        lines.push(t.render('loyalty.points.recent_title'));
        for (const e of points.entries) {
          lines.push(t.render('loyalty.points.recent_line', { date: monthDay(storeDateKey(e.at, deps.timezone)), label: t.render(`loyalty.points.labels.${e.kind}`), signed: signedPoints(e.points) }));
        }
      }
      lines.push(t.render('purchases.points.footer'));
      await ctx.reply(lines.join('\n'));
    },
  };
}
