import { z } from 'zod';
import { singleLine } from '../../shared/input-schema';
import { actorOf } from '../../http/actor';
import { defineRoute, idParam, type RouteDef } from '../../http/route';
import type { MemberService } from '../../members';
import { assertCanReachMember } from '../../staff';
import type { PointsDesk } from './points-access';
import { pointsChangeSchema, staffEntryView, staffPointsSchema } from './points-views';
import type { PointsService } from './points.service';

const tags = ['points'];

const redemptionBody = z
  .strictObject({
    points: z.number().int().min(1).max(1_000_000_000),
    note: singleLine(100).optional().meta({ description: 'What it was redeemed for (保温杯, 抵现 ¥20 …)' }),
    idempotencyKey: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
      .optional()
      .meta({ description: 'The till’s id of this redemption: sending it again redeems nothing more' }),
  })
  .meta({ id: 'PointsRedemptionIn' });

const adjustmentBody = z
  .strictObject({
    points: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((v) => v !== 0, 'must not be 0')
      .meta({ description: 'Signed: +200 adds, -200 takes away' }),
    reason: singleLine(100),
  })
  .meta({ id: 'PointsAdjustmentIn' });

export function pointsRoutes(deps: { members: Pick<MemberService, 'get'>; points: Pick<PointsService, 'summaryFor'>; desk: PointsDesk }): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/members/:id/points',
      summary: 'A member’s points: balance, what expires when, the latest ledger entries',
      tags,
      auth: { kind: 'staff', roles: ['assistant', 'manager'] },
      params: idParam,
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: staffPointsSchema,
      errors: [404],
      async handler({ params, query, auth, ctx }) {
        const member = await deps.members.get(params.id);
        assertCanReachMember(actorOf(auth, ctx).staff, member);
        const s = await deps.points.summaryFor(member.id, query.limit);
        return { memberId: member.id, code: member.code, balance: s.balance, expiring: s.expiring, entries: s.entries.map(staffEntryView) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/members/:id/points/redemptions',
      summary: 'Redeem points (assistants: their own members, up to POINTS_ASSISTANT_REDEEM_MAX at a time); 409 when the balance is short',
      tags,
      auth: { kind: 'staff', roles: ['assistant', 'manager'] },
      params: idParam,
      body: redemptionBody,
      response: pointsChangeSchema,
      status: 201,
      errors: [404, 409],
      async handler({ params, body, auth, ctx }) {
        const member = await deps.members.get(params.id);
        const r = await deps.desk.redeem(actorOf(auth, ctx), member, { points: body.points, note: body.note ?? null, idempotencyKey: body.idempotencyKey });
        if (r.status === 'nothing') return { status: 'duplicate' as const, balance: r.balance, entry: null };
        return { status: r.status, balance: r.balance, entry: r.entry ? staffEntryView(r.entry) : null };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/members/:id/points/adjustments',
      summary: 'Adjust a member’s points with a reason (manager); 409 when it would go below zero',
      tags,
      auth: { kind: 'staff', roles: ['manager'] },
      params: idParam,
      body: adjustmentBody,
      response: pointsChangeSchema,
      status: 201,
      errors: [404, 409],
      async handler({ params, body, auth, ctx }) {
        const member = await deps.members.get(params.id);
        const r = await deps.desk.adjust(actorOf(auth, ctx), member, body);
        if (r.status === 'nothing') return { status: 'duplicate' as const, balance: r.balance, entry: null };
        return { status: r.status, balance: r.balance, entry: r.entry ? staffEntryView(r.entry) : null };
      },
    }),
  ];
}
