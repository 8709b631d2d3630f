import { Between, In, type DataSource } from 'typeorm';
import { z } from 'zod';
import { Member, MemberService } from '../members';
import type { StoreCalendar } from '../shared/store-hours';
import { dayjs, storeInstant } from '../shared/store-time';
import { Complaint, COMPLAINT_CATEGORIES } from '../complaints';
import { percentile, round1 } from './complaints-report-stats';

const stat = z.object({
  count: z.number().int().describe('tickets with a value'),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

export const complaintReportSchema = z
  .object({
    from: z.string().describe('first store-local day included (YYYY-MM-DD)'),
    to: z.string().describe('last store-local day included (YYYY-MM-DD)'),
    timezone: z.string(),
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    byCategory: z.record(z.string(), z.number().int()),
    byRootCause: z.record(z.string(), z.number().int()).describe('"(untagged)" counts tickets without a root cause yet'),
    timeToAcknowledgeMinutes: stat.describe('elapsed time, filing to the first acknowledgement'),
    timeToAcknowledgeStoreMinutes: stat.describe('the same in store time: opening hours only, public holidays skipped, 调休 days counted (what the deadline counts)'),
    timeToFirstAnswerHours: stat.describe('elapsed time, filing to the first real answer that reached the member'),
    timeToFirstAnswerStoreHours: stat.describe('the same in store time (what the deadline counts)'),
    timeToResolveHours: stat.describe('filing to the first resolution'),
    timeToResolveStoreHours: stat.describe('the same in store time'),
    slaBreaches: z.object({ acknowledge: z.number().int(), firstAnswer: z.number().int() }),
    satisfaction: z.object({
      resolved: z.number().int().describe('tickets resolved at least once'),
      satisfied: z.number().int(),
      notSatisfied: z.number().int(),
      noAnswer: z.number().int(),
      satisfiedRate: z.number().nullable().describe('satisfied / answered'),
      survey: z.object({
        sent: z.number().int(),
        answered: z.number().int(),
        averageScore: z.number().nullable(),
        distribution: z.record(z.string(), z.number().int()),
      }),
    }),
    reopen: z.object({ resolved: z.number().int(), reopened: z.number().int(), rate: z.number().nullable() }),
    repeatComplainers: z.array(z.object({ memberId: z.number().int(), code: z.string(), name: z.string(), count: z.number().int(), tickets: z.array(z.string()) })),
  })
  .meta({ id: 'ComplaintReport' });

export type ComplaintReport = z.infer<typeof complaintReportSchema>;

const summary = (values: number[]) => ({ count: values.length, median: round1(percentile(values, 50)), p90: round1(percentile(values, 90)) });

/** The periodic complaints report; percentiles are computed in code over the selected rows (portable). */
export async function complaintReport(ds: DataSource, range: { from: string; to: string; timezone: string; storeHours: StoreCalendar }): Promise<ComplaintReport> {
  const start = storeInstant(range.from, '00:00', range.timezone);
  const end = new Date(storeInstant(dayjs(range.to).add(1, 'day').format('YYYY-MM-DD'), '00:00', range.timezone).getTime() - 1);
  const rows = await ds.getRepository(Complaint).find({ where: { createdAt: Between(start, end) }, order: { id: 'ASC' } });
  const count = <K extends string>(keys: K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  const byStatus = count(['open', 'in_progress', 'resolved', 'closed']);
  const byCategory = count([...COMPLAINT_CATEGORIES]);
  const byRootCause: Record<string, number> = {};
  const ackMinutes: number[] = [];
  const ackStoreMinutes: number[] = [];
  const answerHours: number[] = [];
  const answerStoreHours: number[] = [];
  const resolveHours: number[] = [];
  const resolveStoreHours: number[] = [];
  const storeMinutes = (from: Date, to: Date) => range.storeHours.openMinutesBetween(from, to);
  let ackBreaches = 0;
  let answerBreaches = 0;
  let resolved = 0;
  let satisfied = 0;
  let notSatisfied = 0;
  let reopened = 0;
  let surveySent = 0;
  const scores: number[] = [];
  const distribution = count(['1', '2', '3', '4', '5']);
  const perMember = new Map<number, string[]>();
  for (const c of rows) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
    const cause = c.rootCause ?? '(untagged)';
    byRootCause[cause] = (byRootCause[cause] ?? 0) + 1;
    if (c.acknowledgedAt) {
      ackMinutes.push((c.acknowledgedAt.getTime() - c.createdAt.getTime()) / 60_000);
      ackStoreMinutes.push(storeMinutes(c.createdAt, c.acknowledgedAt));
    }
    if (c.firstAnsweredAt) {
      answerHours.push((c.firstAnsweredAt.getTime() - c.createdAt.getTime()) / 3_600_000);
      answerStoreHours.push(storeMinutes(c.createdAt, c.firstAnsweredAt) / 60);
    }
    if (c.firstResolvedAt) {
      resolveHours.push((c.firstResolvedAt.getTime() - c.createdAt.getTime()) / 3_600_000);
      resolveStoreHours.push(storeMinutes(c.createdAt, c.firstResolvedAt) / 60);
    }
    if (c.ackBreachedAt) ackBreaches++;
    if (c.answerBreachedAt) answerBreaches++;
    if (c.firstResolvedAt) {
      resolved++;
      if (c.satisfied === true) satisfied++;
      else if (c.satisfied === false || c.reopenCount > 0) notSatisfied++;
      if (c.reopenCount > 0) reopened++;
    }
    if (c.surveySentAt) surveySent++;
    if (c.surveyScore !== null) {
      scores.push(c.surveyScore);
      distribution[String(c.surveyScore)]++;
    }
    perMember.set(c.memberId, [...(perMember.get(c.memberId) ?? []), c.ticketNo]);
  }
  const repeaters = [...perMember.entries()].filter(([, t]) => t.length > 1);
  const members = repeaters.length ? await ds.getRepository(Member).findBy({ id: In(repeaters.map(([id]) => id)) }) : [];
  const byId = new Map(members.map((m) => [m.id, m]));
  const answered = satisfied + notSatisfied;
  return {
    from: range.from,
    to: range.to,
    timezone: range.timezone,
    total: rows.length,
    byStatus,
    byCategory,
    byRootCause,
    timeToAcknowledgeMinutes: summary(ackMinutes),
    timeToAcknowledgeStoreMinutes: summary(ackStoreMinutes),
    timeToFirstAnswerHours: summary(answerHours),
    timeToFirstAnswerStoreHours: summary(answerStoreHours),
    timeToResolveHours: summary(resolveHours),
    timeToResolveStoreHours: summary(resolveStoreHours),
    slaBreaches: { acknowledge: ackBreaches, firstAnswer: answerBreaches },
    satisfaction: {
      resolved,
      satisfied,
      notSatisfied,
      noAnswer: resolved - answered,
      satisfiedRate: answered ? Math.round((satisfied / answered) * 1000) / 1000 : null,
      survey: {
        sent: surveySent,
        answered: scores.length,
        averageScore: scores.length ? round1(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
        distribution,
      },
    },
    reopen: { resolved, reopened, rate: resolved ? Math.round((reopened / resolved) * 1000) / 1000 : null },
    repeatComplainers: repeaters
      .map(([memberId, tickets]) => {
        const m = byId.get(memberId);
        return { memberId, code: m?.code ?? '', name: m && !m.erasedAt ? MemberService.displayName(m) : '', count: tickets.length, tickets };
      })
      .sort((a, b) => b.count - a.count || a.memberId - b.memberId),
  };
}
