import type { MemberCommand } from '../chat';
import { MemberService, type Member } from '../members';
import { formatStoreDateTime } from './mp-time';
import type { MpBindingService } from './mp-binding.service';
import type { TemplateLibrary } from '../shared/templates';

/** `绑定 123456`: links the mini-program account that showed the code to this chat contact. */
export function bindCommand(deps: { binding: MpBindingService; members: MemberService; templates: TemplateLibrary; timezone: string }): MemberCommand {
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
          await ctx.reply(await linkedText(deps, outcome.member, outcome.previous));
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

/** The reply to a binding: what is now one account, and what changed for the member (code, assistant). */
async function linkedText(
  deps: { members: MemberService; templates: TemplateLibrary },
  member: Member,
  previous: { code: string; assistantId: number | null },
): Promise<string> {
  const t = deps.templates;
  const lines = [t.render('mp.bind.linked', { name: MemberService.displayName(member), code: member.code })];
  if (previous.code !== member.code) lines.push(t.render('mp.bind.code_changed', { oldCode: previous.code, code: member.code }));
  const assistant = await deps.members.assistantOf(member);
  if (assistant && previous.assistantId !== member.assistantId) {
    const before = previous.assistantId ? await deps.members.assistantOf({ ...member, assistantId: previous.assistantId }) : null;
    lines.push(t.render('mp.bind.assistant_changed', { assistant: assistant.name, before: before?.name ?? null }));
  }
  lines.push(t.render('mp.bind.profile_hint'));
  return lines.join('\n');
}
