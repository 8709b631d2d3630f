import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../http/route';
import type { Clock } from '../../shared/clock';
import { UnauthorizedError } from '../../shared/errors';
import { dateKey } from '../../shared/input-schema';
import { dayjs, storeDateKey } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { CsvCell } from '../csv/csv-text';
import { csvText } from '../csv/csv-text';
import { csvRoute, download } from '../csv/report-csv.routes';
import { retentionReport, type RetentionQuery, type RetentionReportDeps } from './retention-report';
import { RETENTION_UNITS, retentionReportSchema, type RetentionFigures } from './retention.schema';

export interface RetentionRoutesDeps extends RetentionReportDeps {
  clock: Clock;
  templates: TemplateLibrary;
}

/** Two years of weeks is the most one report reads (105 periods of index ranges). */
const MAX_DAYS = 731;

const FIGURES = ['atStart', 'new', 'lost', 'readded', 'erased', 'net', 'atEnd', 'lapsed', 'cameBack', 'retentionRate'] as const satisfies readonly (keyof RetentionFigures)[];

const retentionQuery = (strict: boolean) => {
  const shape = {
    from: dateKey.optional().describe('first store-local day (default: the start of the 12th week or 6th month back)'),
    to: dateKey.optional().describe('last store-local day, included (default: today)'),
    by: z.enum(RETENTION_UNITS).optional().describe('one row per week (from Monday) or calendar month (default: week)'),
  };
  return (strict ? z.strictObject(shape) : z.object(shape))
    .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
    .refine((q) => !q.from || !q.to || dayjs(q.to).diff(dayjs(q.from), 'day') < MAX_DAYS, { message: `at most ${MAX_DAYS} days`, path: ['to'] });
};

/** The period asked for, with the defaults filled in from today (store time). */
function periodOf(q: { from?: string; to?: string; by?: RetentionQuery['by'] }, clock: Clock, timezone: string): RetentionQuery {
  const by = q.by ?? 'week';
  const to = q.to ?? storeDateKey(clock.now(), timezone);
  const end = dayjs(to);
  const defaultFrom = by === 'month' ? end.startOf('month').subtract(5, 'month') : end.subtract((end.day() + 6) % 7, 'day').subtract(11, 'week');
  let from = q.from ?? defaultFrom.format('YYYY-MM-DD');
  // A default start before an explicit `to` may reach past the limit only if `to` was given far back: keep it in range.
  if (dayjs(to).diff(dayjs(from), 'day') >= MAX_DAYS) from = dayjs(to).subtract(MAX_DAYS - 1, 'day').format('YYYY-MM-DD');
  if (from > to) from = to;
  return { from, to, by };
}

/** `GET /admin/reports/retention` and its CSV: members kept, gained and lost per week or month. */
export function retentionRoutes(deps: RetentionRoutesDeps): RouteDef[] {
  const t = deps.templates;
  return [
    defineRoute({
      method: 'get',
      path: '/admin/reports/retention',
      summary: 'Retention per week or month: members at start, new, lost, lapsed, came back, net, retention rate; per assistant (assistants see their own members)',
      tags: ['reports'],
      auth: { kind: 'staff', roles: ['assistant', 'manager', 'admin'] },
      query: retentionQuery(false),
      response: retentionReportSchema,
      async handler({ query, auth }) {
        if (!auth.staff) throw new UnauthorizedError();
        return retentionReport(deps, periodOf(query, deps.clock, deps.timezone), auth.staff);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/reports/retention.csv',
      summary: 'The retention report as CSV: one row per period, the total, then one row per assistant (assistants get their own)',
      tags: ['reports'],
      auth: { kind: 'staff', roles: ['assistant', 'manager', 'admin'] },
      query: retentionQuery(true),
      ...csvRoute,
      async handler({ query, auth }) {
        if (!auth.staff) throw new UnauthorizedError();
        const period = periodOf(query, deps.clock, deps.timezone);
        const r = await retentionReport(deps, period, auth.staff);
        const label = (k: string, vars?: Record<string, string>) => t.render(`reports.csv.retention.${k}`, vars);
        const figures = (f: RetentionFigures): CsvCell[] => FIGURES.map((k) => f[k]);
        const rows: CsvCell[][] = [
          ...r.periods.map((p): CsvCell[] => [label(r.by), p.from, p.to, ...figures(p)]),
          [label('total'), r.from, r.to, ...figures(r.totals)],
          ...r.assistants.map((a): CsvCell[] => [a.assistantId === null ? label('unassigned') : label('assistant', { name: a.name }), r.from, r.to, ...figures(a)]),
        ];
        const header = ['row', 'from', 'to', ...FIGURES].map((k) => label(k));
        return download(`laoke-retention-${r.from}_${r.to}.csv`, csvText(header, rows));
      },
    }),
  ];
}
