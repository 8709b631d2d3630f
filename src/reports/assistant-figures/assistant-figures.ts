import type { DataSource } from 'typeorm';
import { Complaint } from '../../complaints';
import type { LostMemberFigures, ReferralFigures, VipPlanFigures } from '../../loyalty';
import { Member } from '../../members';
import { OutboxMessage } from '../../outbox';
import { monthBounds } from '../../shared/store-time';
import type { Staff, StaffService } from '../../staff';
import { figureKind } from '../care-report';
import { percentile, round1 } from '../complaints-report-stats';

/** One assistant's month (DOMAIN.md "Feedback and measurement": assistant KPIs). */
export interface AssistantFigures {
  assistantId: number;
  name: string;
  /** Greetings delivered to their members (birthdays, festivals, season, long time no see, tier …). */
  greetingsSent: number;
  /** Purchase and complaint follow-ups delivered. */
  followUpsDone: number;
  /** Tickets they resolved (first resolution that month). */
  complaintsHandled: number;
  /** Median minutes from filing to their acknowledgement, of tickets acknowledged that month. */
  medianAckMinutes: number | null;
  /** Median hours from filing to the first real answer, of tickets first answered that month. */
  medianAnswerHours: number | null;
  /** Complaint follow-up survey (1–5) answered that month, tickets they handled. */
  complaintSatisfaction: { answers: number; average: number | null };
  /** Quarterly satisfaction survey (average of the 1–5 dimensions) completed that month by their members. */
  surveySatisfaction: { answers: number; average: number | null };
  /** Share of VIP members touched as planned (0–1); null until VIP visit plans report it. */
  vipPlanCompletion: number | null;
  /** New members assigned to them that joined that month. */
  membersGained: number;
  /** Their members who erased their data or removed the store that month. */
  membersLost: number;
  /** Null until referrals report it. */
  successfulReferrals: number | null;
}

export interface AssistantFiguresDeps {
  ds: DataSource;
  staff: StaffService;
  timezone: string;
  vipPlan: VipPlanFigures;
  referrals: ReferralFigures;
  lost: LostMemberFigures;
}

type Raw = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
const DIMENSIONS = ['quality', 'price', 'variety', 'environment', 'checkout', 'display', 'afterSales'] as const;

/**
 * The monthly figures per assistant, for `月报` in chat, the 1st-of-month message to managers and
 * `GET /admin/reports/assistants`. An assistant sees their own line; managers see every assistant's.
 * Counts are grouped in SQL; medians are computed in code over the month's tickets (portable).
 */
export async function assistantFigures(deps: AssistantFiguresDeps, month: string, viewer: Staff | null): Promise<AssistantFigures[]> {
  const { start, end } = monthBounds(month, deps.timezone);
  const range = { start, end };
  const { ds } = deps;

  const sent = await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .select('o.assistantId', 'assistantId')
    .addSelect('o.occasion', 'occasion')
    .addSelect('COUNT(*)', 'n')
    .where("o.status = 'sent' AND o.assistantId IS NOT NULL AND o.sentAt >= :start AND o.sentAt < :end", range)
    .groupBy('o.assistantId')
    .addGroupBy('o.occasion')
    .getRawMany<Raw>();

  const complaints = ds.getRepository(Complaint).createQueryBuilder('c').where('c.assistantId IS NOT NULL');
  const tickets = await complaints
    .select(['c.assistantId AS assistantId', 'c.createdAt AS createdAt', 'c.acknowledgedAt AS acknowledgedAt', 'c.firstAnsweredAt AS firstAnsweredAt'])
    .addSelect(['c.firstResolvedAt AS firstResolvedAt', 'c.surveyScore AS surveyScore', 'c.surveyAnsweredAt AS surveyAnsweredAt'])
    .andWhere(
      '((c.acknowledgedAt >= :start AND c.acknowledgedAt < :end) OR (c.firstAnsweredAt >= :start AND c.firstAnsweredAt < :end)' +
        ' OR (c.firstResolvedAt >= :start AND c.firstResolvedAt < :end) OR (c.surveyAnsweredAt >= :start AND c.surveyAnsweredAt < :end))',
      range,
    )
    .getRawMany<Raw>();

  const surveys = await ds
    .createQueryBuilder()
    .select(['s.assistantId AS assistantId', ...DIMENSIONS.map((d) => `s.${d} AS ${d}`)])
    .from('survey_response', 's')
    .where('s.assistantId IS NOT NULL AND s.completedAt >= :start AND s.completedAt < :end', range)
    .getRawMany<Raw>();

  const members = ds.getRepository(Member).createQueryBuilder('m').select('m.assistantId', 'assistantId').addSelect('COUNT(*)', 'n').where('m.assistantId IS NOT NULL');
  const gained = await members.clone().andWhere('m.createdAt >= :start AND m.createdAt < :end', range).groupBy('m.assistantId').getRawMany<Raw>();
  const erased = await members.clone().andWhere('m.erasedAt >= :start AND m.erasedAt < :end', range).groupBy('m.assistantId').getRawMany<Raw>();

  const [vip, referrals, lost] = await Promise.all([deps.vipPlan.vipPlanCompletion(month), deps.referrals.successfulReferrals(month), deps.lost.membersLost(month)]);

  const rows = new Map<number, AssistantFigures & { ack: number[]; answer: number[]; complaintScores: number[]; surveyScores: number[] }>();
  const entry = (id: number, name = '') => {
    let e = rows.get(id);
    if (!e) {
      e = {
        assistantId: id,
        name,
        greetingsSent: 0,
        followUpsDone: 0,
        complaintsHandled: 0,
        medianAckMinutes: null,
        medianAnswerHours: null,
        complaintSatisfaction: { answers: 0, average: null },
        surveySatisfaction: { answers: 0, average: null },
        vipPlanCompletion: vip ? (vip.get(id) ?? null) : null,
        membersGained: 0,
        membersLost: lost ? (lost.get(id) ?? 0) : 0,
        successfulReferrals: referrals ? (referrals.get(id) ?? 0) : null,
        ack: [],
        answer: [],
        complaintScores: [],
        surveyScores: [],
      };
      rows.set(id, e);
    }
    return e;
  };
  for (const a of await deps.staff.assistants()) entry(a.id, a.name);

  for (const r of sent) {
    const e = entry(num(r.assistantId));
    if (figureKind(String(r.occasion)) === 'greeting') e.greetingsSent += num(r.n);
    else if (figureKind(String(r.occasion)) === 'followup') e.followUpsDone += num(r.n);
  }
  const inMonth = (v: unknown) => v !== null && v !== undefined && toDate(v) >= start && toDate(v) < end;
  for (const t of tickets) {
    const e = entry(num(t.assistantId));
    const filed = toDate(t.createdAt).getTime();
    if (inMonth(t.acknowledgedAt)) e.ack.push((toDate(t.acknowledgedAt).getTime() - filed) / 60_000);
    if (inMonth(t.firstAnsweredAt)) e.answer.push((toDate(t.firstAnsweredAt).getTime() - filed) / 3_600_000);
    if (inMonth(t.firstResolvedAt)) e.complaintsHandled++;
    if (inMonth(t.surveyAnsweredAt) && t.surveyScore !== null && t.surveyScore !== undefined) e.complaintScores.push(num(t.surveyScore));
  }
  for (const s of surveys) {
    const given = DIMENSIONS.map((d) => s[d]).filter((v) => v !== null && v !== undefined).map(num);
    if (given.length) entry(num(s.assistantId)).surveyScores.push(given.reduce((a, b) => a + b, 0) / given.length);
  }
  for (const g of gained) entry(num(g.assistantId)).membersGained += num(g.n);
  for (const x of erased) entry(num(x.assistantId)).membersLost += num(x.n);

  const average = (v: number[]) => ({ answers: v.length, average: v.length ? round1(v.reduce((a, b) => a + b, 0) / v.length) : null });
  for (const e of rows.values()) {
    if (!e.name) e.name = (await deps.staff.repo.findOneBy({ id: e.assistantId }))?.name ?? '';
  }
  let list = [...rows.values()].sort((a, b) => a.assistantId - b.assistantId);
  if (viewer && viewer.role === 'assistant') list = list.filter((e) => e.assistantId === viewer.id);
  return list.map(({ ack, answer, complaintScores, surveyScores, ...e }) => ({
    ...e,
    medianAckMinutes: round1(percentile(ack, 50)),
    medianAnswerHours: round1(percentile(answer, 50)),
    complaintSatisfaction: average(complaintScores),
    surveySatisfaction: average(surveyScores),
  }));
}
