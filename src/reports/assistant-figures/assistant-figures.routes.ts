import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../http/route';
import type { Clock } from '../../shared/clock';
import { UnauthorizedError } from '../../shared/errors';
import { storeDateKey } from '../../shared/store-time';
import { assistantFigures, type AssistantFiguresDeps } from './assistant-figures';

const satisfaction = z.object({ answers: z.number().int(), average: z.number().nullable().describe('1–5, one decimal; null without answers') });

export const assistantFiguresSchema = z
  .object({
    assistantId: z.number().int(),
    name: z.string(),
    greetingsSent: z.number().int(),
    followUpsDone: z.number().int(),
    complaintsHandled: z.number().int().describe('tickets first resolved that month'),
    medianAckMinutes: z.number().nullable().describe('filing → acknowledgement, tickets acknowledged that month'),
    medianAnswerHours: z.number().nullable().describe('filing → first real answer, tickets first answered that month'),
    complaintSatisfaction: satisfaction.describe('complaint follow-up survey answered that month'),
    surveySatisfaction: satisfaction.describe('quarterly survey completed that month by their members (average of the dimensions)'),
    vipPlanCompletion: z.number().nullable().describe('0–1; null while VIP visit plans do not report it'),
    membersGained: z.number().int(),
    membersLost: z.number().int(),
    successfulReferrals: z.number().int().nullable().describe('null while referrals do not report it'),
  })
  .meta({ id: 'AssistantFigures' });

/** `GET /admin/reports/assistants?month=`: the monthly figures per assistant (assistants see their own). */
export function assistantFiguresRoutes(deps: AssistantFiguresDeps & { clock: Clock }): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/reports/assistants',
      summary: 'Monthly figures per assistant: greetings, follow-ups, complaints handled, response medians, satisfaction, VIP plan, members gained/lost, referrals (assistants see their own)',
      tags: ['reports'],
      auth: { kind: 'staff', roles: ['assistant', 'manager'] },
      query: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM').optional().describe('store month, default this month') }),
      response: z.object({ month: z.string(), assistants: z.array(assistantFiguresSchema) }),
      async handler({ query, auth }) {
        if (!auth.staff) throw new UnauthorizedError();
        const month = query.month ?? storeDateKey(deps.clock.now(), deps.timezone).slice(0, 7);
        return { month, assistants: await assistantFigures(deps, month, auth.staff) };
      },
    }),
  ];
}
