import { z } from 'zod';
import { actorOf } from '../../http/actor';
import { defineRoute, idParam, type RouteDef } from '../../http/route';
import type { StaffMemberMerge } from './staff-merge.service';

/** A manager folds one member record into another (the same person registered twice). */
export function memberMergeRoutes(merge: StaffMemberMerge, afterMerge: (memberId: number) => Promise<void>): RouteDef[] {
  return [
    defineRoute({
      method: 'post',
      path: '/admin/members/:id/merge',
      summary: 'Merge another record of the same person into this member (managers): every purchase, message, complaint, tag and note moves here; the other record is closed; audited',
      tags: ['admin-members'],
      auth: { kind: 'staff', roles: ['manager'] },
      params: idParam,
      body: z.strictObject({ fromMemberId: z.number().int().positive().meta({ description: 'The record to fold into this one; it is closed afterwards' }) }),
      response: z.object({
        member: z.object({ id: z.number().int(), code: z.string() }),
        absorbed: z.object({ id: z.number().int(), code: z.string() }),
        moved: z.record(z.string(), z.number().int()).meta({ description: 'Rows moved to this member, per table' }),
      }),
      errors: [404, 409],
      async handler({ params, body, auth, ctx }) {
        const r = await merge.merge(actorOf(auth, ctx), params.id, body.fromMemberId, afterMerge);
        return { member: { id: r.member.id, code: r.member.code }, absorbed: r.absorbed, moved: r.moved };
      },
    }),
  ];
}
