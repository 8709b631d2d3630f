import type { MemberCommand } from '../chat';
import { MemberService } from '../members';
import type { TemplateLibrary } from '../shared/templates';
import type { PurchasesReader } from '../purchases';
import { NO_TIER, tierFor, type TierThreshold } from './tiers';

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/**
 * 积分: the member's tier and 12-month spend, and what the next tier takes. The store keeps no points
 * balance; the tier (by spend) is what the word means to members here.
 */
export function pointsCommand(deps: { purchases: Pick<PurchasesReader, 'summaryForMember'>; templates: TemplateLibrary; thresholds: readonly TierThreshold[] }): MemberCommand {
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
      lines.push(t.render('purchases.points.footer'));
      await ctx.reply(lines.join('\n'));
    },
  };
}
