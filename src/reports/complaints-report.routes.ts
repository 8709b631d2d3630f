import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { dateKey } from '../shared/input-schema';
import { defineRoute, type RouteDef } from '../http/route';
import type { Clock } from '../shared/clock';
import type { StoreCalendar } from '../shared/store-hours';
import { ValidationError } from '../shared/errors';
import { dayjs, storeDateKey } from '../shared/store-time';
import { complaintReport, complaintReportSchema } from './complaints-report';

export interface ComplaintsReportRouteDeps {
  ds: DataSource;
  clock: Clock;
  /** Store timezone: the report's days are store days. */
  timezone: string;
  /** Opening hours and holidays: times are given elapsed and in store time. */
  storeHours: StoreCalendar;
}

/** GET /admin/reports/complaints, for managers. */
export function complaintsReportRoutes(deps: ComplaintsReportRouteDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/reports/complaints',
      summary: 'Complaints report: categories, root causes, time to acknowledge/answer/resolve (median, p90; elapsed and in store opening hours), SLA breaches, satisfaction, reopen rate, repeat complainers',
      tags: ['reports', 'complaints'],
      auth: { kind: 'staff', roles: ['manager'] },
      query: z
        .object({
          from: dateKey.optional().describe('first store-local day (default: 30 days before `to`)'),
          to: dateKey.optional().describe('last store-local day, included (default: today)'),
        })
        .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] }),
      response: complaintReportSchema,
      async handler({ query }) {
        const to = query.to ?? storeDateKey(deps.clock.now(), deps.timezone);
        const from = query.from ?? dayjs(to).subtract(30, 'day').format('YYYY-MM-DD');
        if (!dayjs(from).isValid() || !dayjs(to).isValid()) throw new ValidationError('Invalid date', [{ path: 'from', message: 'YYYY-MM-DD' }]);
        return complaintReport(deps.ds, { from, to, timezone: deps.timezone, storeHours: deps.storeHours });
      },
    }),
  ];
}
