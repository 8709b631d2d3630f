import { z } from 'zod';
import type { TemplateLibrary } from '../../shared/templates';
import { POINTS_KINDS } from './points-rules';
import type { PointsService, PointsSummary } from './points.service';

const expiringSchema = z.array(z.object({ date: z.string().meta({ description: 'Last day the points can be used (store time, YYYY-MM-DD)' }), points: z.number().int() }));

/** What a member sees of their points (`GET /mp/me/points`): no staff ids, no staff notes. */
export const memberPointsSchema = z
  .object({
    balance: z.number().int(),
    expiring: expiringSchema.meta({ description: 'Points by the day they expire, soonest first' }),
    entries: z.array(
      z.object({
        kind: z.enum(POINTS_KINDS),
        label: z.string().meta({ description: 'The kind in words (购物获得, 兑换, 到期 …)' }),
        points: z.number().int().meta({ description: 'Signed change' }),
        balanceAfter: z.number().int(),
        at: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'MemberPoints' });
export type MemberPointsView = z.infer<typeof memberPointsSchema>;

const staffEntrySchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(POINTS_KINDS),
    points: z.number().int(),
    balanceAfter: z.number().int(),
    reason: z.string(),
    by: z.object({ kind: z.enum(['staff', 'system']), staffId: z.number().int().nullable() }),
    purchaseId: z.number().int().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'PointsEntry' });

/** A member's points for staff (`GET /admin/members/:id/points`). */
export const staffPointsSchema = z
  .object({
    memberId: z.number().int(),
    code: z.string(),
    balance: z.number().int(),
    expiring: expiringSchema,
    entries: z.array(staffEntrySchema).meta({ description: 'Newest first' }),
  })
  .meta({ id: 'MemberPointsForStaff' });

/** The outcome of a redemption or an adjustment. */
export const pointsChangeSchema = z
  .object({
    status: z.enum(['applied', 'duplicate']).meta({ description: 'duplicate: this idempotencyKey was redeemed before; nothing changed' }),
    balance: z.number().int(),
    entry: staffEntrySchema.nullable(),
  })
  .meta({ id: 'PointsChange' });

export function staffEntryView(e: { id: number; kind: (typeof POINTS_KINDS)[number]; points: number; balanceAfter: number; reason: string; staffId: number | null; purchaseId: number | null; at?: Date; createdAt?: Date }) {
  return {
    id: e.id,
    kind: e.kind,
    points: e.points,
    balanceAfter: e.balanceAfter,
    reason: e.reason,
    by: { kind: e.staffId === null ? ('system' as const) : ('staff' as const), staffId: e.staffId },
    purchaseId: e.purchaseId,
    at: (e.at ?? e.createdAt ?? new Date(0)).toISOString(),
  };
}

export function memberPointsView(s: PointsSummary, templates: TemplateLibrary): MemberPointsView {
  return {
    balance: s.balance,
    expiring: s.expiring,
    entries: s.entries.map((e) => ({ kind: e.kind, label: templates.render(`loyalty.points.labels.${e.kind}`), points: e.points, balanceAfter: e.balanceAfter, at: e.at.toISOString() })),
  };
}

/** The member's own points, as the mini-program reads them (the port the root hands the miniprogram module). */
export interface MemberPointsReader {
  forMember(memberId: number): Promise<MemberPointsView>;
}

export function memberPointsReader(points: Pick<PointsService, 'summaryFor'>, templates: TemplateLibrary, limit = 20): MemberPointsReader {
  return { forMember: async (memberId) => memberPointsView(await points.summaryFor(memberId, limit), templates) };
}
