import type { DataSource } from 'typeorm';
import type { ChatNotifier, StaffCommand } from '../../chat';
import { isUniqueViolation } from '../../db/sql-dialect';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { dayjs, storeDateKey } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { StaffService } from '../../staff';
import { assistantFigures, type AssistantFigures, type AssistantFiguresDeps } from './assistant-figures';
import { AssistantReportDelivery } from './assistant-report-delivery.entity';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `月报` arguments: nothing (this month so far), 上月 / 上个月, or YYYY-MM (also 2026年10月, 2026.10). Null: not understood. */
export function parseReportMonth(args: string, today: string): string | null {
  const a = args.replace(/\s+/g, '');
  if (!a || a === '本月') return today.slice(0, 7);
  if (a === '上月' || a === '上个月') return dayjs(`${today.slice(0, 7)}-01`).subtract(1, 'month').format('YYYY-MM');
  const m = /^(\d{4})(?:-|\/|\.|年)(\d{1,2})月?$/.exec(a);
  if (!m) return null;
  const month = `${m[1]}-${m[2].padStart(2, '0')}`;
  return MONTH.test(month) ? month : null;
}

export interface AssistantReportChatDeps extends AssistantFiguresDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  notifier: ChatNotifier;
}

/** The figures as chat text: one block per assistant. */
export function figuresText(t: TemplateLibrary, list: readonly AssistantFigures[]): string[] {
  const na = t.render('reports.assistants.not_available');
  const none = t.render('reports.assistants.none');
  const score = (s: { answers: number; average: number | null }) => (s.average === null ? none : t.render('reports.assistants.score', { value: s.average, answers: s.answers }));
  return list.map((f) =>
    t.render('reports.assistants.line', {
      name: f.name,
      greetings: f.greetingsSent,
      followUps: f.followUpsDone,
      complaints: f.complaintsHandled,
      ack: f.medianAckMinutes === null ? none : t.render('reports.assistants.minutes', { value: f.medianAckMinutes }),
      answer: f.medianAnswerHours === null ? none : t.render('reports.assistants.hours', { value: f.medianAnswerHours }),
      complaintScore: score(f.complaintSatisfaction),
      surveyScore: score(f.surveySatisfaction),
      vip: f.vipPlanCompletion === null ? na : t.render('reports.assistants.percent', { value: Math.round(f.vipPlanCompletion * 100) }),
      gained: f.membersGained,
      lost: f.membersLost,
      referrals: f.successfulReferrals === null ? na : f.successfulReferrals,
    }),
  );
}

/** `月报`: an assistant sees their own figures, a manager every assistant's. */
export function assistantReportCommand(deps: AssistantReportChatDeps): StaffCommand {
  const t = deps.templates;
  return {
    name: 'assistant-report',
    async tryRun(ctx) {
      const m = /^(月报|月度报表)(?:\s*(.*))?$/.exec(ctx.text.trim());
      if (!m) return false;
      if (ctx.staff.role !== 'assistant' && ctx.staff.role !== 'manager') {
        await ctx.reply(t.render('reports.assistants.not_for_role'));
        return true;
      }
      const today = storeDateKey(ctx.now, deps.timezone);
      const month = parseReportMonth(m[2] ?? '', today);
      if (!month) {
        await ctx.reply(t.render('reports.assistants.usage'));
        return true;
      }
      const list = await assistantFigures(deps, month, ctx.staff);
      const partial = month === today.slice(0, 7);
      if (!list.length) {
        await ctx.reply(t.render('reports.assistants.no_assistants', { month }));
        return true;
      }
      const title =
        ctx.staff.role === 'assistant' ? t.render('reports.assistants.own_title', { name: ctx.staff.name, month, partial }) : t.render('reports.assistants.title', { month, partial });
      await ctx.reply([title, ...figuresText(t, list), t.render('reports.assistants.footer')].join('\n\n'));
      return true;
    },
  };
}

/**
 * On the 1st (job `assistant-report-monthly`): every manager gets last month's figures in chat, once.
 * Each manager's month is claimed in the database before sending, so a second run or another instance
 * sends nothing again.
 */
export async function sendMonthlyReport(deps: AssistantReportChatDeps & { staff: StaffService }, now: Date): Promise<{ month: string; sent: number; already: number }> {
  const t = deps.templates;
  const month = dayjs(`${storeDateKey(now, deps.timezone).slice(0, 7)}-01`).subtract(1, 'month').format('YYYY-MM');
  const list = await assistantFigures(deps, month, null);
  const repo = deps.ds.getRepository(AssistantReportDelivery);
  let sent = 0;
  let already = 0;
  for (const manager of await deps.staff.managers()) {
    try {
      await repo.insert({ month, staffId: manager.id, sentAt: now });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      already++;
      continue;
    }
    const body = list.length ? figuresText(t, list) : [t.render('reports.assistants.no_assistants', { month })];
    const ok = await deps.notifier.toStaff(manager.id, [t.render('reports.assistants.monthly_intro', { name: manager.name, month }), ...body].join('\n\n'));
    if (ok) sent++;
    // Not delivered (chat offline, no WeChat contact): release the claim so the next run tries again.
    else await repo.delete({ month, staffId: manager.id });
  }
  deps.log.info({ job: 'assistant-report-monthly', month, sent, already }, 'monthly assistant figures sent');
  return { month, sent, already };
}

