import { z } from 'zod';
import { monthKey } from '../shared/input-schema';
import { defineRoute, type RouteDef } from '../http/route';
import type { Clock } from '../shared/clock';
import { UnauthorizedError } from '../shared/errors';
import { storeDateKey } from '../shared/store-time';
import { careReport, type CareReportDeps } from './care-report';

const figuresSchema = z.object({
  greetingsSent: z.number().int(),
  followUpsDone: z.number().int(),
  surveysSent: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  check: z.number().int(),
});

export interface CareReportRoutesDeps extends CareReportDeps {
  clock: Clock;
}

/** `GET /admin/reports/care`: the monthly care figures per assistant. */
export function careReportRoutes(deps: CareReportRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/reports/care',
      summary: 'Monthly care figures per assistant (greetings sent, follow-ups done, surveys sent), skip reasons and the on-time rate per occasion (assistants see their own)',
      tags: ['reports'],
      auth: { kind: 'staff' },
      query: z.object({ month: monthKey.optional() }),
      response: z.object({
        month: z.string(),
        assistants: z.array(
          figuresSchema.extend({ assistantId: z.number().int().nullable(), name: z.string(), byOccasion: z.record(z.string(), z.number().int()) }),
        ),
        totals: figuresSchema,
        skipReasons: z.record(z.string(), z.number().int()),
        onTime: z.array(z.object({ occasion: z.string(), planned: z.number().int(), onTime: z.number().int(), rate: z.number().nullable() })),
      }),
      async handler({ query, auth }) {
        if (!auth.staff) throw new UnauthorizedError();
        const today = storeDateKey(deps.clock.now(), deps.timezone);
        const month = query.month ?? today.slice(0, 7);
        return careReport({ ds: deps.ds, staff: deps.staff, timezone: deps.timezone }, month, auth.staff, today);
      },
    }),
  ];
}
