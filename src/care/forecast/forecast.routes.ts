import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../http/route';
import type { Clock } from '../../shared/clock';
import { queryInt } from '../../shared/input-schema';
import type { CareForecast } from './care-forecast';

const occasionCountSchema = z.object({
  occasion: z.string(),
  label: z.string(),
  count: z.number().int(),
  source: z.enum(['planned', 'estimate']),
  unsent: z.number().int(),
});

const daySchema = z.object({
  date: z.string(),
  ceiling: z.number().int(),
  total: z.number().int(),
  fits: z.boolean(),
  overflow: z.number().int(),
  occasions: z.array(occasionCountSchema),
});

/** `GET /admin/care/forecast`: proactive messages expected per chat account and day, against each account's ceiling. */
export function forecastRoutes(deps: { clock: Clock; forecast: CareForecast }): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/care/forecast',
      summary: 'Proactive messages expected per chat account and store day (festivals, birthdays, follow-ups, surveys) against each account’s daily ceiling; managers only',
      tags: ['care'],
      auth: { kind: 'staff', roles: ['manager', 'admin'] },
      query: z.strictObject({ days: queryInt(1, 60).default(30) }),
      response: z.object({
        from: z.string(),
        days: z.number().int(),
        accounts: z.array(z.object({ account: z.string(), name: z.string(), ceiling: z.number().int(), days: z.array(daySchema) })),
      }),
      async handler({ query }) {
        const f = await deps.forecast.forecast(deps.clock.now(), query.days);
        return {
          from: f.from,
          days: f.days,
          accounts: f.accounts.map((a) => ({ ...a, days: a.days.map(({ account: _account, ...day }) => day) })),
        };
      },
    }),
  ];
}
