import type { DataSource } from 'typeorm';
import { Complaint } from '../../complaints';
import { Member } from '../../members';
import { OutboxMessage } from '../../outbox';
import { quarterOf } from '../../shared/store-time';
import type { StaffService } from '../../staff';
import { SurveyResponse } from '../../surveys';
import { figureKind } from '../care-report';
import { percentile, round1 } from '../complaints-report-stats';
import type { DashboardCharts } from './dashboard.schema';
import { aggregatePerDay, perDay, storeDaysEndingAt, type StoreDay } from './store-days';

const DAY = 86_400_000;
const DIMENSIONS = ['quality', 'price', 'variety', 'environment', 'checkout', 'display', 'afterSales'] as const;

export interface DashboardChartsDeps {
  ds: DataSource;
  timezone: string;
  staff: StaffService;
  dormantDays: number;
}

type Raw = Record<string, unknown>;

/** New, lost and net members per store day. */
async function memberChart(deps: DashboardChartsDeps, days: StoreDay[]): Promise<DashboardCharts['members']> {
  const repo = deps.ds.getRepository(Member);
  const joined = await aggregatePerDay(deps.ds, days, (d) =>
    repo.createQueryBuilder('m').select('COUNT(*)', 'n').where('m.createdAt >= :start AND m.createdAt < :end', { start: d.start, end: d.end }),
  );
  // Turned dormant on day d: the last purchase was DORMANT_AFTER_DAYS before it (and none since, or it would not be the last).
  const shift = deps.dormantDays * DAY;
  const lapsed = await aggregatePerDay(deps.ds, days, (d) =>
    repo
      .createQueryBuilder('m')
      .select('COUNT(*)', 'n')
      .where('m.lastPurchaseAt >= :start AND m.lastPurchaseAt < :end', { start: new Date(d.start.getTime() - shift), end: new Date(d.end.getTime() - shift) })
      .andWhere('m.erasedAt IS NULL'),
  );
  const optedOut = await aggregatePerDay(deps.ds, days, (d) =>
    repo
      .createQueryBuilder('m')
      .select('COUNT(*)', 'n')
      .where('m.optedOutAt >= :start AND m.optedOutAt < :end', { start: d.start, end: d.end })
      .andWhere('m.optedOut = :yes', { yes: true })
      .andWhere('m.erasedAt IS NULL'),
  );
  const n = perDay(joined, days, 'n');
  const l = perDay(lapsed, days, 'n');
  const o = perDay(optedOut, days, 'n');
  return days.map((d, i) => ({ date: d.key, new: n[i], lost: l[i] + o[i], net: n[i] - l[i] - o[i] }));
}

/** Proactive messages sent per day, and those due that day that were skipped, by reason. */
async function messageChart(deps: DashboardChartsDeps, days: StoreDay[]): Promise<DashboardCharts['messages']> {
  const repo = deps.ds.getRepository(OutboxMessage);
  const sent = await aggregatePerDay(deps.ds, days, (d) =>
    repo.createQueryBuilder('o').select('COUNT(*)', 'n').where('o.status = :s', { s: 'sent' }).andWhere('o.sentAt >= :start AND o.sentAt < :end', { start: d.start, end: d.end }),
  );
  const skipped = await aggregatePerDay(deps.ds, days, (d) =>
    repo
      .createQueryBuilder('o')
      .select('o.reason', 'reason')
      .addSelect('COUNT(*)', 'n')
      .where('o.status = :s', { s: 'skipped' })
      .andWhere('o.dueAt >= :start AND o.dueAt < :end', { start: d.start, end: d.end })
      .groupBy('o.reason'),
  );
  const s = perDay(sent, days, 'n');
  const byReason = days.map(() => ({}) as Record<string, number>);
  for (const r of skipped) byReason[r.dayIndex][String(r.reason ?? 'other')] = Number(r.n);
  return days.map((d, i) => ({ date: d.key, sent: s[i], skippedByReason: byReason[i] }));
}

/** Per day of filing: deadlines met and breached, and the median minutes to a person's acknowledgement. */
async function complaintChart(deps: DashboardChartsDeps, days: StoreDay[]): Promise<DashboardCharts['complaints']> {
  const repo = deps.ds.getRepository(Complaint);
  const breach = 'c.ackBreachedAt IS NOT NULL OR c.answerBreachedAt IS NOT NULL';
  const counts = await aggregatePerDay(deps.ds, days, (d) =>
    repo
      .createQueryBuilder('c')
      .select(`SUM(CASE WHEN ${breach} THEN 1 ELSE 0 END)`, 'breached')
      .addSelect(`SUM(CASE WHEN c.acknowledgedAt IS NOT NULL AND c.firstAnsweredAt IS NOT NULL AND NOT (${breach}) THEN 1 ELSE 0 END)`, 'met')
      .where('c.createdAt >= :start AND c.createdAt < :end', { start: d.start, end: d.end }),
  );
  // A median is no portable SQL aggregate (SQLite has none): computed over the period's acknowledged tickets, few per day.
  const acked = await repo
    .createQueryBuilder('c')
    .select(['c.id', 'c.createdAt', 'c.acknowledgedAt'])
    .where('c.createdAt >= :first AND c.createdAt < :last', { first: days[0].start, last: days[days.length - 1].end })
    .andWhere('c.acknowledgedAt IS NOT NULL')
    .getMany();
  const breached = perDay(counts, days, 'breached');
  const met = perDay(counts, days, 'met');
  return days.map((d, i) => {
    const minutes = acked
      .filter((c) => c.createdAt >= d.start && c.createdAt < d.end)
      .map((c) => (c.acknowledgedAt!.getTime() - c.createdAt.getTime()) / 60_000);
    return { date: d.key, met: met[i], breached: breached[i], medianAckMinutes: round1(percentile(minutes, 50)) };
  });
}

/** The satisfaction survey of the last four quarters: average of every 1–5 answer, and NPS. */
async function satisfactionChart(deps: DashboardChartsDeps, now: Date): Promise<DashboardCharts['satisfaction']> {
  const [year, q] = quarterOf(now, deps.timezone).key.split('Q').map(Number);
  const quarters = [3, 2, 1, 0].map((back) => {
    const index = year * 4 + (q - 1) - back;
    return `${Math.floor(index / 4)}Q${(index % 4) + 1}`;
  });
  const answered = DIMENSIONS.map((d) => `CASE WHEN r.${d} IS NOT NULL THEN 1 ELSE 0 END`).join(' + ');
  const total = DIMENSIONS.map((d) => `COALESCE(r.${d}, 0)`).join(' + ');
  const rows = await deps.ds
    .getRepository(SurveyResponse)
    .createQueryBuilder('r')
    .select('r.surveyKey', 'quarter')
    .addSelect('COUNT(*)', 'responses')
    .addSelect(`SUM(${total})`, 'total')
    .addSelect(`SUM(${answered})`, 'answers')
    .addSelect('COUNT(r.nps)', 'npsAnswers')
    .addSelect('SUM(CASE WHEN r.nps >= 9 THEN 1 ELSE 0 END)', 'promoters')
    .addSelect('SUM(CASE WHEN r.nps <= 6 THEN 1 ELSE 0 END)', 'detractors')
    .where('r.surveyKey IN (:...quarters)', { quarters })
    .groupBy('r.surveyKey')
    .getRawMany<Raw>();
  const byQuarter = new Map(rows.map((r) => [String(r.quarter), r]));
  return quarters.map((quarter) => {
    const r = byQuarter.get(quarter);
    const answers = Number(r?.answers ?? 0);
    const npsAnswers = Number(r?.npsAnswers ?? 0);
    return {
      quarter,
      responses: Number(r?.responses ?? 0),
      average: answers ? Math.round((Number(r!.total) / answers) * 100) / 100 : null,
      nps: npsAnswers ? Math.round(((Number(r!.promoters) - Number(r!.detractors)) / npsAnswers) * 100) : null,
    };
  });
}

/** Active assistants side by side over the period. */
async function assistantChart(deps: DashboardChartsDeps, days: StoreDay[]): Promise<DashboardCharts['assistants']> {
  const first = days[0].start;
  const last = days[days.length - 1].end;
  const [assistants, sent, handled, members] = await Promise.all([
    deps.staff.assistants(),
    deps.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .select('o.assistantId', 'assistantId')
      .addSelect('o.occasion', 'occasion')
      .addSelect('COUNT(*)', 'n')
      .where('o.status = :s', { s: 'sent' })
      .andWhere('o.sentAt >= :first AND o.sentAt < :last', { first, last })
      .groupBy('o.assistantId')
      .addGroupBy('o.occasion')
      .getRawMany<Raw>(),
    deps.ds
      .getRepository(Complaint)
      .createQueryBuilder('c')
      .select('c.assistantId', 'assistantId')
      .addSelect('COUNT(*)', 'n')
      .where('c.firstResolvedAt >= :first AND c.firstResolvedAt < :last', { first, last })
      .groupBy('c.assistantId')
      .getRawMany<Raw>(),
    deps.ds.getRepository(Member).createQueryBuilder('m').select('m.assistantId', 'assistantId').addSelect('COUNT(*)', 'n').where('m.erasedAt IS NULL').groupBy('m.assistantId').getRawMany<Raw>(),
  ]);
  const greetings = new Map<number, number>();
  for (const r of sent) if (figureKind(String(r.occasion)) === 'greeting') greetings.set(Number(r.assistantId), (greetings.get(Number(r.assistantId)) ?? 0) + Number(r.n));
  const countOf = (rows: Raw[]) => new Map(rows.map((r) => [Number(r.assistantId), Number(r.n)]));
  const handledBy = countOf(handled);
  const membersOf = countOf(members);
  return assistants.map((a) => ({ id: a.id, name: a.name, greetingsSent: greetings.get(a.id) ?? 0, complaintsHandled: handledBy.get(a.id) ?? 0, members: membersOf.get(a.id) ?? 0 }));
}

/** The manager's charts over the last `dayCount` store days (today included). */
export async function dashboardCharts(deps: DashboardChartsDeps, now: Date, dayCount: number): Promise<DashboardCharts> {
  const days = storeDaysEndingAt(now, deps.timezone, dayCount);
  const [members, messages, complaints, satisfaction, assistants] = await Promise.all([
    memberChart(deps, days),
    messageChart(deps, days),
    complaintChart(deps, days),
    satisfactionChart(deps, now),
    assistantChart(deps, days),
  ]);
  return { members, messages, complaints, satisfaction, assistants };
}
