import type { StaffChatContext, StaffCommand } from '../../chat';
import { AppError } from '../../shared/errors';
import { formatStoreTime } from '../../shared/store-time';
import { truncateChars } from '../../shared/text';
import { ComplaintRuleError } from '../complaint-errors';
import { describeCompensation, parseCompensation, parseTicketCommand, type TicketAction } from '../complaint-parsing';
import { ticketLine, type ComplaintChatDeps } from './complaint-chat-deps';

const ERROR_TEXT: Record<string, string> = {
  not_found: 'complaints.staff.err.not_found',
  forbidden: 'complaints.staff.err.forbidden',
  conflict: 'complaints.staff.err.conflict',
  validation_failed: 'complaints.staff.err.invalid',
};

/** `#T20261122-0007 回复 …` and the other ticket commands; `投诉单` lists the staff member's open tickets. */
export function staffComplaintCommands(deps: ComplaintChatDeps): StaffCommand[] {
  const t = deps.templates;
  const { complaints } = deps;
  const { queries, handling } = complaints;

  const run = async (ctx: StaffChatContext, ticketNo: string, action: TicketAction): Promise<string> => {
    const staff = ctx.staff;
    const c = await queries.visibleTicket(staff, ticketNo);
    const vars = { ticket: c.ticketNo };
    switch (action.verb) {
      case 'show': {
        const events = await queries.timeline(c.id);
        const member = await queries.memberOf(c);
        return [
          t.render('complaints.staff.show_header', { line: ticketLine(deps, c), member: member && !member.erasedAt ? (member.name ?? member.nickname ?? '') : t.render('complaints.timeline.erased_member'), code: member && !member.erasedAt ? member.code : '—', summary: truncateChars(c.description, 200) }),
          ...events.slice(-8).map((e) => t.render('complaints.query.event', { at: formatStoreTime(e.at, deps.timezone, 'M月D日 HH:mm'), who: e.actorName, text: truncateChars(e.text ?? e.type, 80) })),
          t.render('complaints.staff.verbs'),
        ].join('\n');
      }
      case 'ack': {
        const r = await handling.acknowledge(staff, c);
        return t.render(r.already ? 'complaints.staff.ok.already_ack' : 'complaints.staff.ok.ack', vars);
      }
      case 'reply': {
        let text = action.text;
        if (text.startsWith('/')) {
          const [name, ...more] = text.split(/\s+/);
          const saved = await handling.savedReply(name, c, staff);
          if (!saved) return t.render('complaints.staff.err.no_saved_reply', { name, names: handling.savedReplyNames().map((n) => `/${n}`).join(' ') });
          text = [saved, more.join(' ')].filter(Boolean).join('\n');
        }
        const r = await handling.reply(staff, c, text);
        return t.render(r.delivered ? 'complaints.staff.ok.reply' : 'complaints.staff.ok.reply_undelivered', vars);
      }
      case 'resolve': {
        const r = await handling.resolve(staff, c, action.text);
        return t.render(r.delivered ? 'complaints.staff.ok.resolve' : 'complaints.staff.ok.resolve_undelivered', vars);
      }
      case 'compensate': {
        const parsed = parseCompensation(action.text);
        if (!parsed.ok) return t.render(parsed.reason === 'missing_amount' ? 'complaints.staff.err.missing_amount' : 'complaints.staff.err.compensation_unclear', vars);
        const r = await complaints.compensations.compensate(staff, c, parsed.value);
        const what = describeCompensation(parsed.value);
        return t.render(r.status === 'pending' ? 'complaints.staff.ok.compensation_pending' : 'complaints.staff.ok.compensation', { ...vars, what });
      }
      case 'assign': {
        const to = await deps.staff.findByName(action.to.replace(/^@/, '').trim());
        if (!to) return t.render('complaints.staff.err.unknown_staff', { name: action.to });
        await handling.assign(staff, c, to);
        return t.render('complaints.staff.ok.assign', { ...vars, to: to.name });
      }
      case 'cause':
        await handling.setRootCause(staff, c, action.cause);
        return t.render('complaints.staff.ok.cause', { ...vars, cause: action.cause.slice(0, 32) });
      case 'approve':
      case 'reject': {
        const comp = await complaints.compensations.decide(staff, c, action.verb === 'approve', action.verb === 'approve' ? action.note || null : action.reason);
        return t.render(action.verb === 'approve' ? 'complaints.staff.ok.approved' : 'complaints.staff.ok.rejected', { ...vars, what: describeCompensation(comp) });
      }
    }
  };

  return [
    {
      name: 'complaint_ticket',
      async tryRun(ctx) {
        const parsed = parseTicketCommand(ctx.text);
        if (!parsed) return false;
        if (!parsed.ok) {
          const key = parsed.reason === 'bad_ticket' ? 'complaints.staff.err.bad_ticket' : parsed.reason === 'missing_text' ? `complaints.staff.err.missing.${verbKey(parsed.verb)}` : 'complaints.staff.err.unknown_verb';
          await ctx.reply(t.render(key, { ticket: parsed.ticketNo ?? '' }));
          return true;
        }
        try {
          await ctx.reply(await run(ctx, parsed.ticketNo, parsed.action));
        } catch (err) {
          if (!(err instanceof AppError) || !ERROR_TEXT[err.code]) throw err;
          const why = err instanceof ComplaintRuleError && t.has(`complaints.staff.why.${err.reason}`) ? t.render(`complaints.staff.why.${err.reason}`) : t.render('complaints.staff.why.generic');
          // err.message is English for the API; staff in chat get the Chinese reason or a generic one.
          await ctx.reply(t.render(ERROR_TEXT[err.code], { ticket: parsed.ticketNo, message: why }));
        }
        return true;
      },
    },
    {
      name: 'complaint_list',
      async tryRun(ctx) {
        if (!/^(投诉单|投诉|工单|我的投诉单)$/.test(ctx.text)) return false;
        const open = (await queries.list(ctx.staff, { limit: 200 })).items.filter((c) => c.status !== 'closed');
        if (!open.length) {
          await ctx.reply(t.render('complaints.staff.list_none'));
          return true;
        }
        const now = ctx.now;
        const lines = open.slice(0, 15).map((c) => {
          const o = queries.overdue(c, now);
          return `${ticketLine(deps, c)}${o.acknowledge || o.answer ? ' ⚠超时' : ''}`;
        });
        await ctx.reply([t.render('complaints.staff.list_header', { count: open.length }), ...lines, t.render('complaints.staff.verbs')].join('\n'));
        return true;
      },
    },
  ];
}

function verbKey(verb: string | undefined): string {
  return verb === 'reply' || verb === 'resolve' || verb === 'compensate' || verb === 'assign' || verb === 'cause' || verb === 'reject' ? verb : 'reply';
}
