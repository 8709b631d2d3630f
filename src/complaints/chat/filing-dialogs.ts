import type { DialogData, DialogDefinition, MemberChatContext, StepOutcome } from '../../chat';
import type { TemplateLibrary } from '../../shared/templates';
import { CATEGORY_ORDER, isDoneWord, isNoneWord, parseCategory, parseOrderNo } from '../complaint-parsing';
import type { ComplaintCategory } from '../complaint.entity';
import { MAX_DESCRIPTION_CHARS } from '../filing/complaint-filing.service';
import { MAX_PHOTOS } from '../filing/complaint-photos';
import type { ComplaintChatDeps } from './complaint-chat-deps';

export const FILE_DIALOG = 'complaint';
export const CONFIRM_DIALOG = 'complaint-confirm';

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

export function prompt(t: TemplateLibrary, step: string, data: DialogData): string {
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

  const storePhoto = async (ctx: MemberChatContext, step: string, data: DialogData): Promise<StepOutcome> => {
    const file = ctx.message.loadFile ? await ctx.message.loadFile().catch(() => null) : null;
    if (!file) {
      await ctx.reply(t.render('complaints.file.photo_failed'));
      return go(step, data);
    }
    const stored = await deps.complaints.photos.addDraftPhoto(ctx.subjectKey, file);
    if (!stored.stored) {
      await ctx.reply(t.render(stored.reason === 'too_many' ? 'complaints.file.photo_too_many' : 'complaints.file.photo_too_large', { max: MAX_PHOTOS }));
      return go(step, data);
    }
    // In the photo step the member just goes on; elsewhere, say where we still are.
    await ctx.reply(step === 'photos' ? t.render('complaints.file.photo_received', { count: stored.count }) : t.render('complaints.file.photo_received_early', { count: stored.count, prompt: prompt(t, step, data) }));
    return go(step, data);
  };

  const file = async (ctx: MemberChatContext, d: Draft): Promise<StepOutcome> => {
    const ticket = await deps.complaints.filing.open({
      memberId: ctx.member.id,
      channel: 'chat',
      description: d.parts.join('\n'),
      category: d.category ?? 'other',
      orderNo: d.orderNo ?? null,
      draftKey: ctx.subjectKey,
    });
    const photos = (await deps.complaints.photos.ofComplaint(ticket.id)).length;
    await ctx.reply(t.render('complaints.file.filed', { ticket: ticket.ticketNo, photos: photos || null, ...deps.complaints.filing.promiseVars(ticket) }));
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
            const photos = await deps.complaints.photos.draftPhotoCount(ctx.subjectKey);
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
      await deps.complaints.drafts.save(memberId, typeof data.at === 'string' ? data.at : 'describe', d);
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
        await deps.complaints.photos.discardDraftPhotos(ctx.subjectKey);
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
