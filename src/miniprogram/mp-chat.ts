import type { MemberCommand } from '../chat';
import { MemberService } from '../members';
import { formatStoreDateTime } from './mp-time';
import type { MpBindingService } from './mp-binding.service';
import type { TemplateLibrary } from '../shared/templates';

/** `绑定 123456`: links the mini-program account that showed the code to this chat contact. */
export function bindCommand(deps: { binding: MpBindingService; templates: TemplateLibrary; timezone: string }): MemberCommand {
  const t = deps.templates;
  return {
    name: 'mp_bind',
    words: ['绑定', 'bind'],
    async run(ctx, args) {
      if (!args) {
        await ctx.reply(t.render('mp.bind.how'));
        return;
      }
      const outcome = await deps.binding.redeem(ctx.message.contactId, ctx.member, args, ctx.now);
      switch (outcome.kind) {
        case 'linked':
          await ctx.reply(t.render('mp.bind.linked', { name: MemberService.displayName(outcome.member), code: outcome.member.code }));
          return;
        case 'already_linked':
          await ctx.reply(t.render('mp.bind.already'));
          return;
        case 'malformed':
          await ctx.reply(t.render('mp.bind.malformed'));
          return;
        case 'wrong':
          await ctx.reply(t.render('mp.bind.wrong', { remaining: outcome.remaining }));
          return;
        case 'locked':
          await ctx.reply(t.render('mp.bind.locked', { until: formatStoreDateTime(outcome.until, deps.timezone, ctx.now) }));
          return;
      }
    },
  };
}
