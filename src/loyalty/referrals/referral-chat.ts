import type { MemberCommand } from '../../chat';
import { MemberService } from '../../members';
import type { TemplateLibrary } from '../../shared/templates';
import type { ReferralService, ReferralSettings } from './referral.service';

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** 推荐: the member's code and a short text to forward; 推荐人 <code>: a new member names who brought them. */
export function referralCommands(deps: { referrals: ReferralService; templates: TemplateLibrary; settings: ReferralSettings; storeName: string }): MemberCommand[] {
  const t = deps.templates;
  const s = deps.settings;
  const vars = { min: yuan(s.minPurchaseFen), referrerPoints: s.referrerPoints, referredPoints: s.referredPoints, claimDays: s.claimDays, store: deps.storeName };
  return [
    {
      name: 'referral_code',
      words: ['推荐', '我的推荐码', '推荐码', 'referral'],
      async run(ctx) {
        const code = await deps.referrals.codeFor(ctx.member.id);
        const name = MemberService.displayName(ctx.member);
        await ctx.reply(t.render('loyalty.referrals.code', { ...vars, name, code }));
        await ctx.reply(t.render('loyalty.referrals.forward', { ...vars, name, code }, ctx.member.id));
      },
    },
    {
      name: 'referrer',
      // 推荐人：M000123 with a full-width colon is the same request.
      words: ['推荐人', '推荐人：', '推荐人:'],
      async run(ctx, args) {
        if (!args.trim()) {
          await ctx.reply(t.render('loyalty.referrals.ask_code'));
          return;
        }
        const r = await deps.referrals.claim(ctx.member.id, args, 'chat');
        await ctx.reply(r.ok ? t.render('loyalty.referrals.claimed', { ...vars, code: r.referrerCode }) : t.render(`loyalty.referrals.refused.${r.reason}`, vars));
      },
    },
  ];
}
