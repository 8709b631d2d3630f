import { z } from 'zod';
import { dateKey, queryInt } from '../shared/input-schema';
import { defineRoute, type RouteDef } from '../http/route';
import type { Clock } from '../shared/clock';
import { storeDateKey } from '../shared/store-time';
import type { CareConfig } from './care.config-schema';
import type { CarePlanner } from './care-planner';
import { addDays, FESTIVALS, festivalsOn, seasonStartOn, TARGETED_FESTIVALS } from './occasion-calendar';


export interface CareRoutesDeps {
  clock: Clock;
  timezone: string;
  care: CareConfig;
  planner: CarePlanner;
}

/** `/admin/care/calendar` (what the planner will raise) and `/admin/care/plan` (plan a day now). */
export function careRoutes(deps: CareRoutesDeps): RouteDef[] {
  const { care, planner } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/admin/care/calendar',
      summary: 'Festivals and season changes in the coming days (what the care planner will raise)',
      tags: ['care'],
      auth: { kind: 'staff' },
      query: z.strictObject({ from: dateKey.optional(), days: queryInt(1, 366).default(30) }),
      response: z.object({ days: z.array(z.object({ date: z.string(), occasions: z.array(z.object({ occasion: z.string(), id: z.string(), label: z.string() })) })) }),
      async handler({ query }) {
        const start = query.from ?? storeDateKey(deps.clock.now(), deps.timezone);
        type Entry = { occasion: string; id: string; label: string };
        const out: { date: string; occasions: Entry[] }[] = [];
        for (let i = 0; i < query.days; i++) {
          const date = addDays(start, i);
          const occasions: Entry[] = [
            ...festivalsOn(FESTIVALS, date, care.occasions.festival.festivals).map((f) => ({ occasion: 'festival', id: f.id, label: f.label })),
            ...festivalsOn(TARGETED_FESTIVALS, date, care.occasions.targeted_festival.festivals).map((f) => ({ occasion: 'targeted_festival', id: f.id, label: f.label })),
          ];
          const season = seasonStartOn(date);
          if (season) occasions.push({ occasion: 'season', id: season.season, label: season.term });
          if (occasions.length) out.push({ date, occasions });
        }
        return { days: out };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/care/plan',
      summary: 'Plans a day now (idempotent: rows that exist are kept); managers only',
      tags: ['care'],
      auth: { kind: 'staff', roles: ['manager', 'admin'] },
      body: z.strictObject({ date: dateKey.optional() }),
      response: z.object({ date: z.string(), candidates: z.number(), planned: z.number(), occasionsOfDay: z.array(z.string()) }),
      async handler({ body }) {
        const s = body.date ? await planner.planDay(body.date) : await planner.planToday();
        return { date: s.date, candidates: s.candidates, planned: s.planned, occasionsOfDay: s.occasionsOfDay };
      },
    }),
  ];
}
