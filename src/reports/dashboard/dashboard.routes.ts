import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../http/route';
import type { Clock } from '../../shared/clock';
import { queryInt } from '../../shared/input-schema';
import { UnauthorizedError } from '../../shared/errors';
import { dashboardCharts, type DashboardChartsDeps } from './dashboard-charts';
import { dashboardToday, type DashboardTodayDeps } from './dashboard-today';
import { dashboardSummarySchema } from './dashboard.schema';

export type DashboardRoutesDeps = DashboardTodayDeps & DashboardChartsDeps & { clock: Clock };

/** `GET /admin/dashboard/summary`: the console's landing page in one request. */
export function dashboardRoutes(deps: DashboardRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/dashboard/summary',
      summary: 'Today (open complaints with deadlines, drafts to approve, members to contact) and, for managers, the charts of the last `days` days; assistants see their own and no charts',
      tags: ['reports'],
      auth: { kind: 'staff', roles: ['assistant', 'manager'] },
      query: z.strictObject({ days: queryInt(7, 90).optional().meta({ description: 'Days the charts cover, today included (7–90, default 30)' }) }),
      response: dashboardSummarySchema,
      async handler({ query, auth }) {
        if (!auth.staff) throw new UnauthorizedError();
        const now = deps.clock.now();
        const [today, charts] = await Promise.all([
          dashboardToday(deps, auth.staff, now),
          auth.staff.role === 'manager' ? dashboardCharts(deps, now, query.days ?? 30) : Promise.resolve(null),
        ]);
        return { today, charts };
      },
    }),
  ];
}
