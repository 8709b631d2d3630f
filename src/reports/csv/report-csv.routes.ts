import { Between, In, type DataSource } from 'typeorm';
import { z } from 'zod';
import { Complaint } from '../../complaints';
import { Member } from '../../members';
import { defineRoute, type RouteDef } from '../../http/route';
import type { Clock } from '../../shared/clock';
import { UnauthorizedError } from '../../shared/errors';
import { dateKey, monthKey, quarterKey } from '../../shared/input-schema';
import { dayjs, formatStoreTime, quarterOf, storeDateKey, storeInstant } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { StaffService } from '../../staff';
import { careReport } from '../care-report';
import type { SatisfactionReportRoutesDeps } from '../satisfaction-report.routes';
import { csvText, type CsvCell } from './csv-text';

export interface ReportCsvRoutesDeps {
  ds: DataSource;
  clock: Clock;
  timezone: string;
  staff: StaffService;
  templates: TemplateLibrary;
  satisfaction: SatisfactionReportRoutesDeps['satisfaction'];
}

const COMPLAINT_COLUMNS = ['ticketNo', 'filedAt', 'channel', 'category', 'status', 'assistant', 'memberCode', 'ackMinutes', 'resolveHours', 'ackBreached', 'answerBreached', 'rootCause', 'satisfied', 'surveyScore', 'reopenCount'] as const;
const CARE_FIGURES = ['greetingsSent', 'followUpsDone', 'surveysSent', 'skipped', 'failed', 'check'] as const;

const round1 = (v: number) => Math.round(v * 10) / 10;

/** A CSV download answer: UTF-8 with BOM, as an attachment with a file name. */
export function download(fileName: string, text: string) {
  return { raw: true as const, type: 'text/csv; charset=utf-8', body: text, headers: { 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' } };
}

export const csvRoute = { responseContentTypes: ['text/csv'], response: z.string().meta({ description: 'CSV, UTF-8 with BOM, Chinese column headers' }), responseHeaders: { 'Content-Disposition': 'attachment; filename="laoke-….csv"' } };

/** `GET /admin/reports/<name>.csv`: the reports as files Excel opens correctly in Chinese. */
export function reportCsvRoutes(deps: ReportCsvRoutesDeps): RouteDef[] {
  const t = deps.templates;
  const yesNo = (v: boolean | null) => (v === null ? '' : t.render(v ? 'reports.csv.mark_yes' : 'reports.csv.mark_no'));
  return [
    defineRoute({
      method: 'get',
      path: '/admin/reports/complaints.csv',
      summary: 'Complaints filed in a period, one row per ticket, as CSV (managers)',
      tags: ['reports', 'complaints'],
      auth: { kind: 'staff', roles: ['manager'] },
      query: z
        .strictObject({ from: dateKey.optional().describe('first store-local day (default: 30 days before `to`)'), to: dateKey.optional().describe('last store-local day, included (default: today)') })
        .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] }),
      ...csvRoute,
      async handler({ query }) {
        const to = query.to ?? storeDateKey(deps.clock.now(), deps.timezone);
        const from = query.from ?? dayjs(to).subtract(30, 'day').format('YYYY-MM-DD');
        const start = storeInstant(from, '00:00', deps.timezone);
        const end = new Date(storeInstant(dayjs(to).add(1, 'day').format('YYYY-MM-DD'), '00:00', deps.timezone).getTime() - 1);
        const tickets = await deps.ds.getRepository(Complaint).find({ where: { createdAt: Between(start, end) }, order: { createdAt: 'ASC', id: 'ASC' } });
        const memberIds = [...new Set(tickets.map((c) => c.memberId))];
        const codes = new Map<number, string>();
        for (let i = 0; i < memberIds.length; i += 500) {
          const rows = await deps.ds.getRepository(Member).find({ select: { id: true, code: true }, where: { id: In(memberIds.slice(i, i + 500)) } });
          for (const m of rows) codes.set(m.id, m.code);
        }
        const names = new Map((await deps.staff.repo.find()).map((s) => [s.id, s.name]));
        const rows: CsvCell[][] = tickets.map((c) => [
          c.ticketNo,
          formatStoreTime(c.createdAt, deps.timezone),
          t.render(`reports.csv.channels.${c.channel}`),
          t.render(`complaints.categories.${c.category}`),
          t.render(`reports.csv.statuses.${c.status}`),
          c.assistantId ? (names.get(c.assistantId) ?? '') : '',
          codes.get(c.memberId) ?? '',
          c.acknowledgedAt ? round1((c.acknowledgedAt.getTime() - c.createdAt.getTime()) / 60_000) : null,
          c.firstResolvedAt ? round1((c.firstResolvedAt.getTime() - c.createdAt.getTime()) / 3_600_000) : null,
          yesNo(c.ackBreachedAt !== null),
          yesNo(c.answerBreachedAt !== null),
          c.rootCause,
          yesNo(c.satisfied),
          c.surveyScore,
          c.reopenCount,
        ]);
        const header = COMPLAINT_COLUMNS.map((k) => t.render(`reports.csv.complaints.${k}`));
        return download(`laoke-complaints-${from}_${to}.csv`, csvText(header, rows));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/reports/care.csv',
      summary: 'Monthly care figures per assistant as CSV (assistants get their own row)',
      tags: ['reports'],
      auth: { kind: 'staff', roles: ['assistant', 'manager'] },
      query: z.strictObject({ month: monthKey.optional() }),
      ...csvRoute,
      async handler({ query, auth }) {
        if (!auth.staff) throw new UnauthorizedError();
        const month = query.month ?? storeDateKey(deps.clock.now(), deps.timezone).slice(0, 7);
        const report = await careReport({ ds: deps.ds, staff: deps.staff, timezone: deps.timezone }, month, auth.staff);
        const rows: CsvCell[][] = report.assistants.map((a) => [a.assistantId === null ? t.render('reports.csv.care.unassigned') : a.name, ...CARE_FIGURES.map((k) => a[k])]);
        rows.push([t.render('reports.csv.care.total'), ...CARE_FIGURES.map((k) => report.totals[k])]);
        const header = ['assistant', ...CARE_FIGURES].map((k) => t.render(`reports.csv.care.${k}`));
        return download(`laoke-care-${month}.csv`, csvText(header, rows));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/reports/satisfaction.csv',
      summary: 'The quarterly satisfaction survey as CSV: average per dimension, NPS and its parts (managers, admins)',
      tags: ['reports'],
      auth: { kind: 'staff', roles: ['manager', 'admin'] },
      query: z.strictObject({ quarter: quarterKey.optional() }),
      ...csvRoute,
      async handler({ query }) {
        const quarter = query.quarter ?? quarterOf(deps.clock.now(), deps.timezone).key;
        const r = await deps.satisfaction.report(quarter);
        const label = (k: string) => t.render(`reports.csv.satisfaction.${k}`);
        const rows: CsvCell[][] = [
          [quarter, label('invited'), null, r.invited],
          [quarter, label('responses'), null, r.responses],
          [quarter, label('completed'), null, r.completed],
          ...Object.entries(r.dimensions).map(([d, v]): CsvCell[] => [quarter, t.has(`reports.csv.satisfaction.dimensions.${d}`) ? label(`dimensions.${d}`) : d, v.answers, v.average]),
          [quarter, label('nps'), r.nps.answers, r.nps.score],
          [quarter, label('promoters'), null, r.nps.promoters],
          [quarter, label('passives'), null, r.nps.passives],
          [quarter, label('detractors'), null, r.nps.detractors],
        ];
        const header = ['quarter', 'item', 'answers', 'value'].map(label);
        return download(`laoke-satisfaction-${quarter}.csv`, csvText(header, rows));
      },
    }),
  ];
}
