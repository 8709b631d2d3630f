import type { StaffChatContext, StaffCommand } from '../../chat';
import { MemberService, type Member } from '../../members';
import type { TemplateLibrary } from '../../shared/templates';
import { canReachMember } from '../../staff';
import { InsufficientPointsError } from './points-ledger';
import { PointsRoleError, type PointsDesk } from './points-access';
import type { PointsService } from './points.service';
import { chineseDate } from './points-text';

/** `#M000123 兑换 500 备注` / `#M000123 调整 +200 原因` / `#M000123 积分`: the staff words of points. */
export type PointsStaffWord =
  | { kind: 'redeem'; code: string; points: number | null; note: string | null }
  | { kind: 'adjust'; code: string; points: number | null; reason: string }
  | { kind: 'show'; code: string };

/** Parses a staff points word; null when the text is something else (a relay, a ticket command …). */
export function parsePointsStaffWord(text: string): PointsStaffWord | null {
  const m = /^#\s*(M\d{6,})\s*(兑换|调整|积分)(?:\s*([\s\S]*))?$/i.exec(text.trim());
  if (!m) return null;
  const code = m[1].toUpperCase();
  const rest = (m[3] ?? '').trim();
  if (m[2] === '积分') return rest ? null : { kind: 'show', code };
  const n = /^([+-]?\d{1,9})\s*(?:分|积分)?(?:\s+([\s\S]*))?$/.exec(rest);
  if (m[2] === '兑换') {
    const points = n && !/^[+-]/.test(n[1]) && Number(n[1]) > 0 ? Number(n[1]) : null;
    return { kind: 'redeem', code, points, note: n?.[2]?.trim() || null };
  }
  const points = n && /^[+-]/.test(n[1]) && Number(n[1]) !== 0 ? Number(n[1]) : null;
  return { kind: 'adjust', code, points, reason: n?.[2]?.trim() ?? '' };
}

export function pointsStaffCommand(deps: {
  members: Pick<MemberService, 'findByCode' | 'assistantOf'>;
  points: Pick<PointsService, 'summaryFor'>;
  desk: PointsDesk;
  templates: TemplateLibrary;
}): StaffCommand {
  const t = deps.templates;
  const who = (m: Member) => ({ member: MemberService.displayName(m), code: m.code });
  return {
    name: 'points',
    async tryRun(ctx: StaffChatContext) {
      const word = parsePointsStaffWord(ctx.text);
      if (!word) return false;
      const member = await deps.members.findByCode(word.code);
      if (!member) {
        await ctx.reply(t.render('staff.unknown_member', { code: word.code }));
        return true;
      }
      if (!canReachMember(ctx.staff, member)) {
        const owner = await deps.members.assistantOf(member);
        await ctx.reply(t.render('loyalty.points.staff.not_your_member', { code: member.code, assistant: owner?.name ?? null }));
        return true;
      }
      const actor = { staff: ctx.staff, ip: null };
      try {
        if (word.kind === 'show') {
          const s = await deps.points.summaryFor(member.id, 0);
          const lines = [t.render('loyalty.points.staff.summary', { ...who(member), balance: s.balance })];
          if (s.expiring[0]) lines.push(t.render('loyalty.points.staff.summary_expiring', { points: s.expiring[0].points, date: chineseDate(s.expiring[0].date) }));
          await ctx.reply(lines.join('\n'));
        } else if (word.kind === 'redeem') {
          if (word.points === null) return reply(ctx, t.render('loyalty.points.staff.redeem_usage', { code: member.code }));
          const r = await deps.desk.redeem(actor, member, { points: word.points, note: word.note });
          await ctx.reply(t.render('loyalty.points.staff.redeemed', { ...who(member), points: word.points, note: word.note, balance: r.balance }));
        } else {
          if (ctx.staff.role !== 'manager') return reply(ctx, t.render('loyalty.points.staff.managers_only'));
          if (word.points === null || !word.reason) return reply(ctx, t.render('loyalty.points.staff.adjust_usage', { code: member.code }));
          const r = await deps.desk.adjust(actor, member, { points: word.points, reason: word.reason });
          await ctx.reply(t.render('loyalty.points.staff.adjusted', { ...who(member), signed: word.points > 0 ? `+${word.points}` : String(word.points), reason: word.reason, balance: r.balance }));
        }
      } catch (err) {
        if (err instanceof InsufficientPointsError) {
          await ctx.reply(t.render('loyalty.points.staff.insufficient', { ...who(member), balance: err.balance, points: word.kind === 'redeem' ? word.points : Math.abs((word as { points: number }).points) }));
        } else if (err instanceof PointsRoleError) {
          await ctx.reply(err.chatText);
        } else throw err;
      }
      return true;
    },
  };
}

async function reply(ctx: StaffChatContext, text: string): Promise<true> {
  await ctx.reply(text);
  return true;
}
