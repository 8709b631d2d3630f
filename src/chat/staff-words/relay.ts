import { MemberService } from '../../members';
import type { TemplateLibrary } from '../../shared/templates';
import { canReachMember } from '../../staff';
import type { StaffCommand } from '../commands';
import type { PersonalTouches } from '../personal-touches';
import type { ChatNotifier } from '../ports';

/** `#M000012 内容`: the assistant answers a member through the store account. */
export function parseRelay(text: string): { code: string; body: string } | null {
  const m = /^#\s*(M\d{6,})(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!m) return null;
  return { code: m[1].toUpperCase(), body: (m[2] ?? '').trim() };
}

export function staffRelayCommand(deps: { members: MemberService; notifier: ChatNotifier; templates: TemplateLibrary; touches?: PersonalTouches }): StaffCommand {
  const t = deps.templates;
  return {
    name: 'relay',
    async tryRun(ctx) {
      const relay = parseRelay(ctx.text);
      if (!relay) return false;
      const member = await deps.members.findByCode(relay.code);
      if (!member) {
        await ctx.reply(t.render('staff.unknown_member', { code: relay.code }));
        return true;
      }
      // DOMAIN.md: an assistant never reaches another assistant's members without a manager.
      if (!canReachMember(ctx.staff, member)) {
        const owner = await deps.members.assistantOf(member);
        await ctx.reply(t.render('staff.not_your_member', { code: member.code, assistant: owner?.name ?? null }));
        return true;
      }
      if (!relay.body) {
        await ctx.reply(t.render('staff.empty_relay'));
        return true;
      }
      const name = MemberService.displayName(member);
      const outcome = await deps.notifier.sendToMember(member.id, t.render('forward.staff_reply', { text: relay.body, staff: ctx.staff.name }));
      // A personal word from the assistant: it counts toward the member's VIP visit plan.
      if (outcome.status === 'sent') await deps.touches?.record({ memberId: member.id, staffId: ctx.staff.id, kind: 'relay', at: ctx.now });
      // An unclear send is not "not sent": resending it could reach the member twice.
      const answer = outcome.status === 'sent' ? 'staff.relayed' : outcome.status === 'unknown' ? 'staff.relay_unclear' : 'staff.relay_failed';
      await ctx.reply(t.render(answer, { member: name }));
      return true;
    },
  };
}
