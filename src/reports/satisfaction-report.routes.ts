import { z } from 'zod';
import { quarterKey } from '../shared/input-schema';
import { defineRoute, type RouteDef } from '../http/route';
import type { Clock } from '../shared/clock';
import { quarterOf } from '../shared/store-time';

const dimensionSchema = z.object({ answers: z.number().int(), average: z.number().nullable() });

const satisfactionReportSchema = z.object({
  quarter: z.string(),
  invited: z.number().int(),
  responses: z.number().int(),
  completed: z.number().int(),
  partial: z.number().int(),
  dimensions: z.record(z.string(), dimensionSchema),
  nps: z.object({
    answers: z.number().int(),
    promoters: z.number().int(),
    passives: z.number().int(),
    detractors: z.number().int(),
    score: z.number().int().nullable(),
  }),
});

export type SatisfactionReportBody = z.infer<typeof satisfactionReportSchema>;

export interface SatisfactionReportRoutesDeps {
  clock: Clock;
  timezone: string;
  /** The surveys module's figures of one quarter (e.g. 2026Q4). */
  satisfaction: { report(quarterKey: string): Promise<SatisfactionReportBody> };
}

/** `GET /admin/reports/satisfaction`: the quarterly satisfaction survey, summarised for managers. */
export function satisfactionReportRoutes(deps: SatisfactionReportRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/reports/satisfaction',
      summary: 'Quarterly satisfaction survey: average per dimension (1–5), NPS, completed and partial answers',
      tags: ['reports'],
      auth: { kind: 'staff', roles: ['manager', 'admin'] },
      query: z.object({ quarter: quarterKey.optional() }),
      response: satisfactionReportSchema,
      async handler({ query }) {
        return deps.satisfaction.report(query.quarter ?? quarterOf(deps.clock.now(), deps.timezone).key);
      },
    }),
  ];
}
