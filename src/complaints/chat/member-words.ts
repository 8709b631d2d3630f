import type { MemberCommand, MemberIntent } from '../../chat';
import { formatStoreTime } from '../../shared/store-time';
import { truncateChars } from '../../shared/text';
import { looksLikeComplaint, parseTicketNo } from '../complaint-parsing';
import { ticketLine, type ComplaintChatDeps } from './complaint-chat-deps';
import { CONFIRM_DIALOG, FILE_DIALOG, prompt } from './filing-dialogs';

export function memberComplaintCommands(deps: ComplaintChatDeps): MemberCommand[] {
  const t = deps.templates;
  const queries = deps.complaints.queries;
  return [
    {
      name: 'complaint',
      words: ['投诉', '我要投诉', 'complaint'],
      async run(ctx, args) {
        const current = await deps.dialogs.load(ctx.subjectKey);
        if (current.state === 'active' && current.active.dialog === FILE_DIALOG) {
          // One complaint at a time: finish (or cancel) the one being written; the engine repeats its question.
          await ctx.reply(t.render('complaints.file.one_at_a_time'));
          return;
        }
        const draft = await deps.complaints.drafts.take(ctx.member.id);
        if (draft) {
          await deps.dialogs.start(ctx.subjectKey, FILE_DIALOG, draft.step, draft.data);
          await ctx.reply(t.render('complaints.file.resumed', { prompt: prompt(t, draft.step, draft.data) }));
          return;
        }
        const parts = args ? [args] : [];
        // A cancelled earlier attempt may have left photos behind: a new complaint starts clean.
        await deps.complaints.photos.discardDraftPhotos(ctx.subjectKey);
        await deps.dialogs.start(ctx.subjectKey, FILE_DIALOG, 'describe', { parts });
        await ctx.reply(t.render('complaints.file.apology'));
        await ctx.reply(t.render(parts.length ? 'complaints.file.describe_more' : 'complaints.file.ask_describe'));
      },
    },
    {
      name: 'complaint_status',
      words: ['查询', '进度', '查进度', '投诉进度'],
      async run(ctx, args) {
        if (args) {
          const no = parseTicketNo(args);
          const c = no ? await queries.findForMember(ctx.member.id, no) : null;
          if (!c) {
            // Someone else's number and a made-up one look the same.
            await ctx.reply(t.render('complaints.query.not_found', { ticket: no ?? args.slice(0, 20) }));
            return;
          }
          const events = await queries.timeline(c.id, { memberView: true });
          const lines = events.map((e) =>
            t.render('complaints.query.event', {
              at: formatStoreTime(e.at, deps.timezone, 'M月D日 HH:mm'),
              who: e.actorKind === 'member' ? '您' : e.actorName,
              text: truncateChars(e.text ?? '', 120),
            }),
          );
          await ctx.reply(
            [t.render('complaints.query.detail_header', { line: ticketLine(deps, c), summary: truncateChars(c.description, 60) }), ...lines].join('\n'),
          );
          return;
        }
        const mine = await queries.listForMember(ctx.member.id);
        const open = mine.filter((c) => c.status !== 'closed');
        if (!mine.length) {
          await ctx.reply(t.render('complaints.query.none'));
          return;
        }
        if (!open.length) {
          await ctx.reply(t.render('complaints.query.none_open', { count: mine.length }));
          return;
        }
        await ctx.reply([t.render('complaints.query.list_header', { count: open.length }), ...open.slice(0, 10).map((c) => ticketLine(deps, c)), t.render('complaints.query.list_footer')].join('\n'));
      },
    },
  ];
}

export function memberComplaintIntents(deps: ComplaintChatDeps): MemberIntent[] {
  const t = deps.templates;
  return [
    {
      // A member who types a staff command: told plainly, not forwarded as if it were a message.
      name: 'complaint_staff_command_from_member',
      matches: (text) => /^#\s*T\d/i.test(text),
      async run(ctx) {
        await ctx.reply(t.render('complaints.staff_only'));
      },
    },
    {
      name: 'complaint_detected',
      matches: looksLikeComplaint,
      async run(ctx) {
        await deps.dialogs.start(ctx.subjectKey, CONFIRM_DIALOG, 'confirm', { text: ctx.text });
        await ctx.reply(t.render('complaints.intent.confirm'));
      },
    },
  ];
}
