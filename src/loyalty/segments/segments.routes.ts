import { z } from 'zod';
import { defineRoute, idParam, type RouteDef } from '../../http/route';
import { iso, isoDateTime } from '../../shared/api-schema';
import { NotFoundError, UnauthorizedError } from '../../shared/errors';
import { assertCanReachMember } from '../../staff';
import { SEGMENTS } from './segment-rules';
import type { SegmentService } from './segment.service';

const segment = z.enum(SEGMENTS);
const score = z.number().int().min(1).max(5);

/** `GET /admin/members/:id/segment`: a member's RFM scores, segment and its history. */
export function segmentRoutes(segments: SegmentService): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/members/:id/segment',
      summary: 'A member’s RFM scores (1–5), segment and segment history, from the nightly scoring (assistants: their own members)',
      tags: ['admin-members', 'loyalty'],
      auth: { kind: 'staff', roles: ['assistant', 'manager'] },
      params: idParam,
      response: z
        .object({
          memberId: z.number().int(),
          segment: segment.nullable().meta({ description: 'null until the member has bought something and been scored' }),
          recency: score.nullable(),
          frequency: score.nullable(),
          monetary: score.nullable(),
          changedAt: isoDateTime.nullable(),
          history: z.array(z.object({ fromSegment: segment.nullable(), toSegment: segment, recency: score, frequency: score, monetary: score, changedAt: isoDateTime })),
        })
        .meta({ id: 'MemberSegment' }),
      errors: [404],
      async handler({ params, auth }) {
        if (!auth.staff) throw new UnauthorizedError();
        const member = await segments.memberForAccess(params.id);
        if (!member) throw new NotFoundError('Member not found');
        assertCanReachMember(auth.staff, member);
        const v = await segments.segmentOf(params.id);
        return {
          memberId: params.id,
          segment: v.segment,
          recency: v.recency,
          frequency: v.frequency,
          monetary: v.monetary,
          changedAt: iso(v.changedAt),
          history: v.history.map((h) => ({ ...h, changedAt: h.changedAt.toISOString() })),
        };
      },
    }),
  ];
}
