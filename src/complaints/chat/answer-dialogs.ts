import type { DialogDefinition, MemberChatContext, StepOutcome } from '../../chat';
import { isDoneWord, isNoneWord, parseSatisfied, parseScore } from '../complaint-parsing';
import { SATISFACTION_DIALOG } from '../handling/complaint-handling.service';
import { SURVEY_DIALOG } from '../survey/complaint-survey.service';
import type { ComplaintChatDeps } from './complaint-chat-deps';

/** The member has days to answer "满意吗" and the survey before the question lapses. */
const ANSWER_TTL_MINUTES = 3 * 24 * 60;

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
      const c = await deps.complaints.satisfaction.answer(ctx.member, Number(data.ticketId), answer);
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
      await deps.complaints.survey.answer(ctx.member, ticketId, score, comment);
      await ctx.reply(t.render(score <= 2 ? 'complaints.survey.thanks_low' : 'complaints.survey.thanks'));
      return { end: true };
    },
  };
}
