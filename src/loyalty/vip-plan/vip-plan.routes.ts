import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../http/route';
import type { Clock } from '../../shared/clock';
import { ForbiddenError, UnauthorizedError } from '../../shared/errors';
import { plainId } from '../../shared/input-schema';
import type { StaffRole } from '../../staff';
import type { VipPlanService } from './vip-plan.service';

const visitPlanSchema = z
  .object({
    assistantId: z.number().int(),
    month: z.string().meta({ description: 'Store month, YYYY-MM' }),
    vip: z.array(
      z.object({ memberId: z.number().int(), code: z.string(), name: z.string(), tier: z.string(), touches: z.number().int(), planned: z.number().int() }),
    ),
    atRisk: z.array(
      z.object({
        memberId: z.number().int(),
        code: z.string(),
        name: z.string(),
        since: z.iso.datetime(),
        lastPurchaseAt: z.iso.datetime().nullable(),
        lastItems: z.string().nullable(),
        suggestion: z.string(),
      }),
    ),
  })
  .meta({ id: 'VisitPlan' });

/** `GET /admin/loyalty/visit-plan`: what the morning list asks an assistant to do (VIP touches due, at-risk members). */
export function vipPlanRoutes(deps: { clock: Clock; vipPlan: VipPlanService }): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/loyalty/visit-plan',
      summary: 'VIP members not yet contacted enough this month and at-risk high-value members, for one assistant (assistants: their own)',
      tags: ['loyalty'],
      auth: { kind: 'staff', roles: ['assistant', 'manager'] as StaffRole[] },
      query: z.strictObject({ assistantId: plainId.optional() }),
      response: visitPlanSchema,
      errors: [403],
      async handler({ query, auth }) {
        const staff = auth.staff;
        if (!staff) throw new UnauthorizedError();
        const assistantId = query.assistantId ?? staff.id;
        if (staff.role === 'assistant' && assistantId !== staff.id) throw new ForbiddenError('Assistants see their own visit plan only');
        const plan = await deps.vipPlan.planFor(assistantId, deps.clock.now());
        return {
          assistantId,
          month: plan.month,
          vip: plan.vip,
          atRisk: plan.atRisk.map((a) => ({ ...a, since: a.since.toISOString(), lastPurchaseAt: a.lastPurchaseAt?.toISOString() ?? null })),
        };
      },
    }),
  ];
}
