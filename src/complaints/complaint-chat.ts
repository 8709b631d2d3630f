import type { MemberChatContext, MemberCommand, MemberIntent, StaffChatContext, StaffCommand } from '../chat/commands';
import type { DialogData, DialogDefinition, DialogEngine, StepOutcome } from '../chat/dialog-engine';
import { AppError } from '../shared/errors';
import { formatStoreTime } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import { truncateChars } from '../shared/text';
import type { StaffService } from '../staff/staff.service';
import {
  CATEGORY_ORDER,
  describeCompensation,
  isDoneWord,
  isNoneWord,
  looksLikeComplaint,
  parseCategory,
  parseCompensation,
  parseOrderNo,
  parseSatisfied,
  parseScore,
  parseTicketCommand,
  parseTicketNo,
  type TicketAction,
} from './complaint-parsing';
import { ComplaintRuleError, MAX_DESCRIPTION_CHARS, MAX_PHOTOS, type ComplaintService } from './complaint.service';
import type { Complaint, ComplaintCategory } from './complaint.entity';

export interface ComplaintChatDeps {
  complaints: ComplaintService;
  templates: TemplateLibrary;
  dialogs: DialogEngine<MemberChatContext>;
  staff: StaffService;
  timezone: string;
  draftTtlMinutes: number;
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
}

export const FILE_DIALOG = 'complaint';
const CONFIRM_DIALOG = 'complaint-confirm';
const SATISFACTION_DIALOG = 'complaint-satisfaction';
const SURVEY_DIALOG = 'complaint-survey';
/** The member has days to answer "满意吗" and the survey before the question lapses. */
const ANSWER_TTL_MINUTES = 3 * 24 * 60;

interface Draft extends DialogData {
  parts: string[];
  category?: ComplaintCategory;
  orderNo?: string | null;
}

/** Every step change goes through here, so a lapsed draft knows where it stopped (`at`). */
const go = (step: string, data: DialogData): StepOutcome => ({ goto: step, data: { ...data, at: step } });

const draftOf = (data: DialogData): Draft => ({ ...data, parts: Array.isArray(data.parts) ? (data.parts as string[]) : [] });

function categoryMenu(t: TemplateLibrary): string {
  return CATEGORY_ORDER.map((c, i) => `${i + 1}. ${t.render(`complaints.categories.${c}`)}`).join('\n');
}

function prompt(t: TemplateLibrary, step: string, data: DialogData): string {
  const d = draftOf(data);
  switch (step) {
    case 'describe':
      return t.render(d.parts.length ? 'complaints.file.describe_more' : 'complaints.file.ask_describe');
    case 'category':
      return t.render('complaints.file.ask_category', { menu: categoryMenu(t) });
    case 'order':
      return t.render('complaints.file.ask_order');
    default:
      return t.render('complaints.file.ask_photos');
  }
}

/** The chat dialog that files a complaint: what happened → category → order number → photos → ticket. */
export function complaintDialog(deps: ComplaintChatDeps): DialogDefinition<MemberChatContext> {
  const t = deps.templates;
  const svc = deps.complaints;

  const storePhoto = async (ctx: MemberChatContext, step: string, data: DialogData): Promise<StepOutcome> => {
    const file = ctx.message.loadFile ? await ctx.message.loadFile().catch(() => null) : null;
    if (!file) {
      await ctx.reply(t.render('complaints.file.photo_failed'));
      return go(step, data);
    }
    const stored = await svc.addDraftPhoto(ctx.subjectKey, file);
    if (!stored.stored) {
      await ctx.reply(t.render(stored.reason === 'too_many' ? 'complaints.file.photo_too_many' : 'complaints.file.photo_too_large', { max: MAX_PHOTOS }));
      return go(step, data);
    }
    // In the photo step the member just goes on; elsewhere, say where we still are.
    await ctx.reply(step === 'photos' ? t.render('complaints.file.photo_received', { count: stored.count }) : t.render('complaints.file.photo_received_early', { count: stored.count, prompt: prompt(t, step, data) }));
    return go(step, data);
  };

  const file = async (ctx: MemberChatContext, d: Draft): Promise<StepOutcome> => {
    const ticket = await svc.open({
      memberId: ctx.member.id,
      channel: 'chat',
      description: d.parts.join('\n'),
      category: d.category ?? 'other',
      orderNo: d.orderNo ?? null,
      draftKey: ctx.subjectKey,
    });
    const photos = (await svc.photos(ticket.id)).length;
    await ctx.reply(t.render('complaints.file.filed', { ticket: ticket.ticketNo, photos: photos || null, ...svc.promiseVars(ticket) }));
    return { end: true };
  };

  return {
    name: FILE_DIALOG,
    ttlMinutes: deps.draftTtlMinutes,
    acceptsNonText: () => true,
    prompt: (step, data) => prompt(t, step, data),
    async handle(step, data, input, ctx): Promise<StepOutcome> {
      const d = draftOf(data);
      if (input.message.kind === 'image') return storePhoto(ctx, step, d);
      if (input.message.kind !== 'text') {
        await ctx.reply(t.render('complaints.file.text_please', { prompt: prompt(t, step, d) }));
        return go(step, d);
      }
      const text = input.text;
      if (step === 'describe') {
        if (isDoneWord(text)) {
          if (!d.parts.length) {
            const photos = await svc.draftPhotoCount(ctx.subjectKey);
            await ctx.reply(t.render(photos ? 'complaints.file.photos_need_words' : 'complaints.file.need_words', { count: photos }));
            return go('describe', d);
          }
          await ctx.reply(prompt(t, 'category', d));
          return go('category', d);
        }
        const total = Array.from(d.parts.join('\n')).length + Array.from(text).length;
        if (total > MAX_DESCRIPTION_CHARS) {
          await ctx.reply(t.render('complaints.file.too_long'));
          await ctx.reply(prompt(t, 'category', d));
          return go('category', d);
        }
        const parts = [...d.parts, text];
        // The first message gets the "keep going" hint; later ones a short nod so the chat stays quiet.
        await ctx.reply(t.render(parts.length === 1 ? 'complaints.file.describe_more' : 'complaints.file.noted'));
        return go('describe', { ...d, parts });
      }
      if (step === 'category') {
        const category = parseCategory(text);
        if (!category) {
          await ctx.reply(t.render('complaints.file.category_unclear', { menu: categoryMenu(t) }));
          return go('category', d);
        }
        await ctx.reply(t.render('complaints.file.ask_order'));
        return go('order', { ...d, category });
      }
      if (step === 'order') {
        if (isNoneWord(text) || isDoneWord(text)) {
          await ctx.reply(t.render('complaints.file.ask_photos'));
          return go('photos', { ...d, orderNo: null });
        }
        const orderNo = parseOrderNo(text);
        if (!orderNo) {
          await ctx.reply(t.render('complaints.file.order_unclear'));
          return go('order', d);
        }
        await ctx.reply(t.render('complaints.file.ask_photos'));
        return go('photos', { ...d, orderNo });
      }
      // photos
      if (isDoneWord(text) || isNoneWord(text)) return file(ctx, d);
      await ctx.reply(t.render('complaints.file.photos_unclear'));
      return go('photos', d);
    },
    expiredText: () => t.render('complaints.file.draft_kept'),
    async onExpired(data, subjectKey) {
      const memberId = Number(subjectKey.replace(/^member:/, ''));
      if (!Number.isInteger(memberId)) return;
      const d = draftOf(data);
      await svc.saveDraft(memberId, typeof data.at === 'string' ? data.at : 'describe', d);
    },
  };
}

/** "东西坏了": before a ticket is opened, the member says whether it is a complaint. */
export function confirmDialog(deps: ComplaintChatDeps): DialogDefinition<MemberChatContext> {
  const t = deps.templates;
  return {
    name: CONFIRM_DIALOG,
    ttlMinutes: deps.draftTtlMinutes,
    prompt: () => t.render('complaints.intent.confirm_again'),
    async handle(_step, data, input, ctx): Promise<StepOutcome> {
      const original = String(data.text ?? '');
      const yes = /^(1|是|是的|对|要|投诉|登记|好|好的|嗯)[。！!.]*$/.test(input.text);
      const no = /^(2|不|不用|不要|算了|不是|只是说说)[。！!.]*$/.test(input.text);
      if (yes) {
        await deps.complaints.discardDraftPhotos(ctx.subjectKey);
        await deps.dialogs.start(ctx.subjectKey, FILE_DIALOG, 'describe', { parts: original ? [original] : [] });
        await ctx.reply(t.render(original ? 'complaints.file.describe_more' : 'complaints.file.ask_describe'));
        return { end: true };
      }
      if (no) {
        await deps.forwardToAssistant(ctx, original, 'message');
        return { end: true };
      }
      // Something else: it goes to the assistant with the first message, nothing is lost.
      await deps.forwardToAssistant(ctx, [original, input.text].filter(Boolean).join('\n'), 'message');
      return { end: true };
    },
  };
}

/** "满意吗？" after a resolution. Any other answer goes to the assistant, so the member is never stuck. */
export function satisfactionDialog(deps: ComplaintChatDeps): DialogDefinition<MemberChatContext> {
  const t = deps.templates;
  return {
    name: SATISFACTION_DIALOG,
    ttlMinutes: ANSWER_TTL_MINUTES,
    prompt: () => t.render('complaints.satisfaction.ask'),
    async handle(_step, data, input, ctx): Promise<StepOutcome> {
      const answer = input.message.kind === 'text' ? parseSatisfied(input.text) : null;
      if (answer === null) {
        await deps.forwardToAssistant(ctx, input.message.kind === 'text' ? input.text : '[图片]', 'message');
        return { end: true };
      }
      const c = await deps.complaints.memberSatisfaction(ctx.member, Number(data.ticketId), answer);
      const assistant = c.assistantId ? await deps.staff.repo.findOneBy({ id: c.assistantId }) : null;
      await ctx.reply(t.render(answer ? 'complaints.satisfaction.thanks' : 'complaints.satisfaction.reopened', { ticket: c.ticketNo, assistant: assistant?.name ?? '店员' }));
      return { end: true };
    },
  };
}

/** The follow-up survey a few days after resolution: a score 1–5, then an optional comment. */
export function surveyDialog(deps: ComplaintChatDeps): DialogDefinition<MemberChatContext> {
  const t = deps.templates;
  return {
    name: SURVEY_DIALOG,
    ttlMinutes: ANSWER_TTL_MINUTES,
    prompt: (step) => t.render(step === 'comment' ? 'complaints.survey.ask_comment' : 'complaints.survey.ask_score'),
    async handle(step, data, input, ctx): Promise<StepOutcome> {
      const ticketId = Number(data.ticketId);
      if (step === 'score') {
        const score = input.message.kind === 'text' ? parseScore(input.text) : null;
        if (score === null) {
          if (data.retried) {
            await deps.forwardToAssistant(ctx, input.text || '[图片]', 'message');
            return { end: true };
          }
          await ctx.reply(t.render('complaints.survey.score_unclear'));
          return { goto: 'score', data: { ...data, retried: true } };
        }
        await ctx.reply(t.render('complaints.survey.ask_comment'));
        return { goto: 'comment', data: { ticketId, score } };
      }
      const comment = input.message.kind === 'text' && !isNoneWord(input.text) && !isDoneWord(input.text) ? input.text : null;
      const score = Number(data.score);
      await deps.complaints.answerSurvey(ctx.member, ticketId, score, comment);
      await ctx.reply(t.render(score <= 2 ? 'complaints.survey.thanks_low' : 'complaints.survey.thanks'));
      return { end: true };
    },
  };
}

function ticketLine(svc: ComplaintService, c: Complaint, tz: string): string {
  return `${c.ticketNo} ${svc.statusLabel(c.status)} · ${svc.categoryLabel(c.category)} · ${formatStoreTime(c.createdAt, tz, 'M月D日')}`;
}

export function memberComplaintCommands(deps: ComplaintChatDeps): MemberCommand[] {
  const t = deps.templates;
  const svc = deps.complaints;
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
        const draft = await svc.takeDraft(ctx.member.id);
        if (draft) {
          await deps.dialogs.start(ctx.subjectKey, FILE_DIALOG, draft.step, draft.data);
          await ctx.reply(t.render('complaints.file.resumed', { prompt: prompt(t, draft.step, draft.data) }));
          return;
        }
        const parts = args ? [args] : [];
        // A cancelled earlier attempt may have left photos behind: a new complaint starts clean.
        await svc.discardDraftPhotos(ctx.subjectKey);
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
          const c = no ? await svc.findForMember(ctx.member.id, no) : null;
          if (!c) {
            // Someone else's number and a made-up one look the same.
            await ctx.reply(t.render('complaints.query.not_found', { ticket: no ?? args.slice(0, 20) }));
            return;
          }
          const events = await svc.timeline(c.id, { memberView: true });
          const lines = events.map((e) =>
            t.render('complaints.query.event', {
              at: formatStoreTime(e.at, deps.timezone, 'M月D日 HH:mm'),
              who: e.actorKind === 'member' ? '您' : e.actorName,
              text: truncateChars(e.text ?? '', 120),
            }),
          );
          await ctx.reply(
            [t.render('complaints.query.detail_header', { line: ticketLine(svc, c, deps.timezone), summary: truncateChars(c.description, 60) }), ...lines].join('\n'),
          );
          return;
        }
        const mine = await svc.listForMember(ctx.member.id);
        const open = mine.filter((c) => c.status !== 'closed');
        if (!mine.length) {
          await ctx.reply(t.render('complaints.query.none'));
          return;
        }
        if (!open.length) {
          await ctx.reply(t.render('complaints.query.none_open', { count: mine.length }));
          return;
        }
        await ctx.reply([t.render('complaints.query.list_header', { count: open.length }), ...open.slice(0, 10).map((c) => ticketLine(svc, c, deps.timezone)), t.render('complaints.query.list_footer')].join('\n'));
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

// ---- staff side ---------------------------------------------------------------------------------------

const ERROR_TEXT: Record<string, string> = {
  not_found: 'complaints.staff.err.not_found',
  forbidden: 'complaints.staff.err.forbidden',
  conflict: 'complaints.staff.err.conflict',
  validation_failed: 'complaints.staff.err.invalid',
};

/** `#T20261122-0007 回复 …` and the other ticket commands; `投诉单` lists the staff member's open tickets. */
export function staffComplaintCommands(deps: ComplaintChatDeps): StaffCommand[] {
  const t = deps.templates;
  const svc = deps.complaints;

  const run = async (ctx: StaffChatContext, ticketNo: string, action: TicketAction): Promise<string> => {
    const staff = ctx.staff;
    const c = await svc.visibleTicket(staff, ticketNo);
    const vars = { ticket: c.ticketNo };
    switch (action.verb) {
      case 'show': {
        const events = await svc.timeline(c.id);
        const member = await svc.memberOf(c);
        return [
          t.render('complaints.staff.show_header', { line: ticketLine(svc, c, deps.timezone), member: member ? member.name ?? member.nickname ?? '' : '', code: member?.code ?? '', summary: truncateChars(c.description, 200) }),
          ...events.slice(-8).map((e) => t.render('complaints.query.event', { at: formatStoreTime(e.at, deps.timezone, 'M月D日 HH:mm'), who: e.actorName, text: truncateChars(e.text ?? e.type, 80) })),
          t.render('complaints.staff.verbs'),
        ].join('\n');
      }
      case 'ack': {
        const r = await svc.acknowledge(staff, c);
        return t.render(r.already ? 'complaints.staff.ok.already_ack' : 'complaints.staff.ok.ack', vars);
      }
      case 'reply': {
        let text = action.text;
        if (text.startsWith('/')) {
          const [name, ...more] = text.split(/\s+/);
          const saved = await svc.savedReply(name, c, staff);
          if (!saved) return t.render('complaints.staff.err.no_saved_reply', { name, names: svc.savedReplyNames().map((n) => `/${n}`).join(' ') });
          text = [saved, more.join(' ')].filter(Boolean).join('\n');
        }
        const r = await svc.reply(staff, c, text);
        return t.render(r.delivered ? 'complaints.staff.ok.reply' : 'complaints.staff.ok.reply_undelivered', vars);
      }
      case 'resolve': {
        const r = await svc.resolve(staff, c, action.text);
        return t.render(r.delivered ? 'complaints.staff.ok.resolve' : 'complaints.staff.ok.resolve_undelivered', vars);
      }
      case 'compensate': {
        const parsed = parseCompensation(action.text);
        if (!parsed.ok) return t.render(parsed.reason === 'missing_amount' ? 'complaints.staff.err.missing_amount' : 'complaints.staff.err.compensation_unclear', vars);
        const r = await svc.compensate(staff, c, parsed.value);
        const what = describeCompensation(parsed.value);
        return t.render(r.status === 'pending' ? 'complaints.staff.ok.compensation_pending' : 'complaints.staff.ok.compensation', { ...vars, what });
      }
      case 'assign': {
        const to = await deps.staff.findByName(action.to.replace(/^@/, '').trim());
        if (!to) return t.render('complaints.staff.err.unknown_staff', { name: action.to });
        await svc.assign(staff, c, to);
        return t.render('complaints.staff.ok.assign', { ...vars, to: to.name });
      }
      case 'cause':
        await svc.setRootCause(staff, c, action.cause);
        return t.render('complaints.staff.ok.cause', { ...vars, cause: action.cause.slice(0, 32) });
      case 'approve':
      case 'reject': {
        const comp = await svc.decideCompensation(staff, c, action.verb === 'approve', action.verb === 'approve' ? action.note || null : action.reason);
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
        const open = (await svc.list(ctx.staff, { limit: 200 })).items.filter((c) => c.status !== 'closed');
        if (!open.length) {
          await ctx.reply(t.render('complaints.staff.list_none'));
          return true;
        }
        const now = ctx.now;
        const lines = open.slice(0, 15).map((c) => {
          const o = svc.overdue(c, now);
          return `${ticketLine(svc, c, deps.timezone)}${o.acknowledge || o.answer ? ' ⚠超时' : ''}`;
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
