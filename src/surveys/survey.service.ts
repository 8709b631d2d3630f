import { In, type DataSource } from 'typeorm';
import { ChatIdentity } from '../members';
import type { DialogDefinition, MemberChatContext } from '../chat';
import { isUniqueViolation } from '../db/sql-dialect';
import { Member, MemberService } from '../members';
import { OutboxMessage, type OutboxEnqueue, type OutboxPort } from '../outbox';
import type { Clock } from '../shared/clock';
import { NotFoundError, ValidationError } from '../shared/errors';
import { quarterOf } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import { normaliseInput } from '../shared/text';
import { Staff } from '../staff';
import { SurveyResponse } from './survey-response.entity';

export type SurveyDimension = 'quality' | 'price' | 'variety' | 'environment' | 'checkout' | 'display' | 'afterSales';
export type SurveyQuestionKey = SurveyDimension | 'nps';

/** The questions, in order: seven 1–5 ratings, then NPS 0–10. */
export const SURVEY_QUESTIONS: readonly { key: SurveyQuestionKey; min: number; max: number }[] = [
  { key: 'quality', min: 1, max: 5 },
  { key: 'price', min: 1, max: 5 },
  { key: 'variety', min: 1, max: 5 },
  { key: 'environment', min: 1, max: 5 },
  { key: 'checkout', min: 1, max: 5 },
  { key: 'display', min: 1, max: 5 },
  { key: 'afterSales', min: 1, max: 5 },
  { key: 'nps', min: 0, max: 10 },
];

export const SURVEY_DIALOG = 'survey';

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** "4", "４分", "五", "10分" → the score; 'out_of_range' for a number outside [min, max]; null when it is not a score. */
export function parseScore(raw: string, min: number, max: number): number | 'out_of_range' | null {
  const t = normaliseInput(raw).replace(/[。！!～~.]+$/u, '').replace(/分$/, '').trim();
  let n: number | null = null;
  if (/^\d{1,3}$/.test(t)) n = Number(t);
  else if (t.length === 1 && t in CHINESE_DIGITS) n = CHINESE_DIGITS[t];
  if (n === null) return null;
  return n < min || n > max ? 'out_of_range' : n;
}

const STOP_WORDS = ['不答了', '不想答', '不想答了', '不答', '停', '停止', '结束', '不做了', '没空', '下次吧', '下次再说', 'stop'];

export function isSurveyStop(raw: string): boolean {
  return STOP_WORDS.includes(normaliseInput(raw).replace(/[。！!～~.]+$/u, '').toLowerCase());
}

const DIMENSIONS: SurveyDimension[] = ['quality', 'price', 'variety', 'environment', 'checkout', 'display', 'afterSales'];

export interface SatisfactionReport {
  quarter: string;
  invited: number;
  responses: number;
  completed: number;
  partial: number;
  dimensions: Record<SurveyDimension, { answers: number; average: number | null }>;
  nps: { answers: number; promoters: number; passives: number; detractors: number; score: number | null };
}

export interface SurveyServiceDeps {
  ds: DataSource;
  clock: Clock;
  templates: TemplateLibrary;
  /** Invitations are queued here, a batch at a time. */
  outbox: OutboxPort;
  timezone: string;
  activeDays: number;
  ttlHours: number;
  /** Invitations per day: spread so surveys never crowd out greetings under the account's daily ceiling. */
  perDay: number;
  storeName: string;
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
}

/**
 * The quarterly satisfaction survey: planned into the outbox for members active in the last N days,
 * asked in chat one digit at a time, answers saved after each one.
 */
export class SurveyService {
  constructor(private readonly deps: SurveyServiceDeps) {}

  question(index: number): string {
    const q = SURVEY_QUESTIONS[index];
    const t = this.deps.templates;
    if (q.key === 'nps') return t.render('survey.ask_nps', { no: index + 1 });
    return t.render('survey.ask', { no: index + 1, topic: t.render(`survey.topics.${q.key}`) });
  }

  /**
   * The `survey-plan` job: one invitation per active member per quarter (the outbox key makes a second
   * run add nothing), `perDay` a day from now on.
   */
  async plan(now: Date): Promise<{ quarter: string; members: number; planned: number }> {
    const { ds, templates } = this.deps;
    const quarter = quarterOf(now, this.deps.timezone);
    const since = new Date(now.getTime() - this.deps.activeDays * 86_400_000);
    const staffNames = new Map((await ds.getRepository(Staff).find()).map((s) => [s.id, s.name]));
    let lastId = 0;
    let members = 0;
    let planned = 0;
    let position = 0;
    for (;;) {
      const batch = await ds
        .getRepository(Member)
        .createQueryBuilder('m')
        .where('m.id > :lastId', { lastId })
        .andWhere('m.optedOut = :no', { no: false })
        .andWhere('m.erasedAt IS NULL')
        .andWhere('(m.lastContactAt >= :since OR m.lastPurchaseAt >= :since)', { since })
        .orderBy('m.id', 'ASC')
        .limit(500)
        .getMany();
      if (!batch.length) break;
      lastId = batch[batch.length - 1].id;
      const reachable = new Set(
        (await ds.getRepository(ChatIdentity).find({ select: { memberId: true }, where: { memberId: In(batch.map((m) => m.id)) } })).map((c) => c.memberId),
      );
      const items: OutboxEnqueue[] = batch
        .filter((m) => reachable.has(m.id))
        .map((m) => ({
          memberId: m.id,
          assistantId: m.assistantId,
          account: m.chatAccount,
          occasion: 'satisfaction_survey' as const,
          occasionDate: quarter.firstDay,
          text: templates.render(
            'survey.invite',
            {
              name: MemberService.displayName(m),
              assistant: (m.assistantId && staffNames.get(m.assistantId)) || this.deps.storeName,
              question: this.question(0),
            },
            m.id,
          ),
          dueAt: new Date(now.getTime() + Math.floor(position++ / this.deps.perDay) * 86_400_000),
          meta: { survey: quarter.key, dialog: { name: SURVEY_DIALOG, step: SURVEY_QUESTIONS[0].key, data: { surveyKey: quarter.key } } },
        }));
      members += items.length;
      planned += await this.deps.outbox.enqueueMany(items);
    }
    return { quarter: quarter.key, members, planned };
  }

  private async save(member: Member, surveyKey: string, set: Partial<SurveyResponse>): Promise<void> {
    const repo = this.deps.ds.getRepository(SurveyResponse);
    const now = this.deps.clock.now();
    const existing = await repo.findOneBy({ memberId: member.id, surveyKey });
    if (!existing) {
      try {
        await repo.insert({ memberId: member.id, surveyKey, assistantId: member.assistantId, status: 'open', startedAt: now, updatedAt: now, completedAt: null, ...set });
        return;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    await repo.update({ memberId: member.id, surveyKey }, { ...set, updatedAt: now });
  }

  private async markOpen(memberId: number, surveyKey: string, status: 'stopped' | 'lapsed'): Promise<void> {
    await this.deps.ds.getRepository(SurveyResponse).update({ memberId, surveyKey, status: 'open' }, { status, updatedAt: this.deps.clock.now() });
  }

  /** The chat dialog the dispatcher starts after the invitation is delivered. */
  dialog(): DialogDefinition<MemberChatContext> {
    const t = this.deps.templates;
    const indexOf = (step: string) => Math.max(0, SURVEY_QUESTIONS.findIndex((q) => q.key === step));
    return {
      name: SURVEY_DIALOG,
      ttlMinutes: this.deps.ttlHours * 60,
      prompt: (step) => this.question(indexOf(step)),
      expiredText: () => t.render('survey.expired'),
      onExpired: async (data, subjectKey) => {
        const memberId = Number(subjectKey.replace(/^member:/, ''));
        if (typeof data.surveyKey === 'string' && memberId) await this.markOpen(memberId, data.surveyKey, 'lapsed');
      },
      handle: async (step, data, input, ctx) => {
        const surveyKey = String(data.surveyKey ?? quarterOf(ctx.now, this.deps.timezone).key);
        const index = indexOf(step);
        const q = SURVEY_QUESTIONS[index];
        if (isSurveyStop(input.text)) {
          await this.markOpen(ctx.member.id, surveyKey, 'stopped');
          await ctx.reply(t.render('survey.stopped'));
          return { end: true };
        }
        const score = parseScore(input.text, q.min, q.max);
        if (score === 'out_of_range') {
          await ctx.reply(t.render('survey.out_of_range', { min: q.min, max: q.max }));
          return { goto: step };
        }
        if (score === null) {
          if (Array.from(input.text).length <= 4) {
            await ctx.reply(t.render('survey.digit_hint', { min: q.min, max: q.max }));
            return { goto: step };
          }
          // Not an answer but something to say: the survey pauses and the message reaches the assistant.
          await this.markOpen(ctx.member.id, surveyKey, 'stopped');
          await ctx.reply(t.render('survey.paused'));
          await this.deps.forwardToAssistant(ctx, input.text, 'message');
          return { end: true };
        }
        const last = index === SURVEY_QUESTIONS.length - 1;
        const now = this.deps.clock.now();
        await this.save(ctx.member, surveyKey, { [q.key]: score, ...(last ? { status: 'completed' as const, completedAt: now } : { status: 'open' as const }) });
        if (last) {
          await ctx.reply(t.render('survey.thanks'));
          return { end: true };
        }
        await ctx.reply(this.question(index + 1));
        return { goto: SURVEY_QUESTIONS[index + 1].key };
      },
    };
  }

  /** The member's survey of this quarter, if they were invited and have not finished it (the mini-program shows it). */
  async openForMember(memberId: number): Promise<{ survey: string; questions: { key: SurveyQuestionKey; min: number; max: number; text: string }[]; answers: Partial<Record<SurveyQuestionKey, number>> } | null> {
    const { ds, templates } = this.deps;
    const quarter = quarterOf(this.deps.clock.now(), this.deps.timezone);
    const invited = await ds.getRepository(OutboxMessage).existsBy({ memberId, occasion: 'satisfaction_survey', occasionDate: quarter.firstDay, status: 'sent' });
    if (!invited) return null;
    const response = await ds.getRepository(SurveyResponse).findOneBy({ memberId, surveyKey: quarter.key });
    if (response?.status === 'completed') return null;
    const answers: Partial<Record<SurveyQuestionKey, number>> = {};
    for (const q of SURVEY_QUESTIONS) if (response && response[q.key] !== null) answers[q.key] = response[q.key]!;
    return {
      survey: quarter.key,
      questions: SURVEY_QUESTIONS.map((q) => ({ ...q, text: q.key === 'nps' ? templates.render('survey.ask_nps', { no: SURVEY_QUESTIONS.length }) : templates.render(`survey.topics.${q.key}`) })),
      answers,
    };
  }

  /** Answers from the mini-program: any subset of the questions; the survey completes when all are answered. */
  async answer(memberId: number, input: { answers: Record<string, number>; comment?: string; channel: 'mp' }) {
    const open = await this.openForMember(memberId);
    if (!open) throw new NotFoundError('No open survey');
    const problems: Record<string, string> = {};
    for (const [key, value] of Object.entries(input.answers)) {
      const q = SURVEY_QUESTIONS.find((x) => x.key === key);
      if (!q) problems[key] = 'unknown question';
      else if (!Number.isInteger(value) || value < q.min || value > q.max) problems[key] = `expected a whole number from ${q.min} to ${q.max}`;
    }
    if (Object.keys(problems).length) throw new ValidationError('Invalid survey answers', problems);
    const member = await this.deps.ds.getRepository(Member).findOneByOrFail({ id: memberId });
    const answers = { ...open.answers, ...input.answers } as Partial<Record<SurveyQuestionKey, number>>;
    const done = SURVEY_QUESTIONS.every((q) => answers[q.key] !== undefined);
    const now = this.deps.clock.now();
    await this.save(member, open.survey, { ...input.answers, status: done ? 'completed' : 'open', completedAt: done ? now : null });
    return { survey: open.survey, completed: done, answers };
  }

  async report(quarterKey: string): Promise<SatisfactionReport> {
    const { ds } = this.deps;
    const m = /^(\d{4})Q([1-4])$/.exec(quarterKey)!;
    const firstDay = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
    const invited = await ds.getRepository(OutboxMessage).countBy({ occasion: 'satisfaction_survey', occasionDate: firstDay, status: 'sent' });
    const rows = await ds.getRepository(SurveyResponse).findBy({ surveyKey: quarterKey });
    const dimensions = {} as SatisfactionReport['dimensions'];
    for (const d of DIMENSIONS) {
      const values = rows.map((r) => r[d]).filter((v): v is number => v !== null);
      dimensions[d] = { answers: values.length, average: values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null };
    }
    const npsValues = rows.map((r) => r.nps).filter((v): v is number => v !== null);
    const promoters = npsValues.filter((v) => v >= 9).length;
    const detractors = npsValues.filter((v) => v <= 6).length;
    const completed = rows.filter((r) => r.status === 'completed').length;
    return {
      quarter: quarterKey,
      invited,
      responses: rows.length,
      completed,
      partial: rows.length - completed,
      dimensions,
      nps: {
        answers: npsValues.length,
        promoters,
        passives: npsValues.length - promoters - detractors,
        detractors,
        score: npsValues.length ? Math.round(((promoters - detractors) / npsValues.length) * 100) : null,
      },
    };
  }
}

