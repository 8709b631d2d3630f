import { z } from 'zod';
import { bodyId } from '../../shared/input-schema';
import { actorOf } from '../../http/actor';
import { defineRoute, idParam, type RouteDef } from '../../http/route';
import { staffRefSchema } from '../../shared/api-schema';
import type { AssistantAssignmentService } from './assistant-assignment.service';

/** A manager moves a member, or all members of a leaving assistant, to another assistant. */
export function assignmentRoutes(assignment: AssistantAssignmentService): RouteDef[] {
  return [
    defineRoute({
      method: 'post',
      path: '/admin/members/:id/reassign',
      summary: 'Give a member another assistant (managers); their open drafts, greetings and complaints move along in one transaction; the member is told in chat',
      tags: ['admin-members'],
      auth: { kind: 'staff', roles: ['manager'] },
      params: idParam,
      body: z.strictObject({ assistantId: bodyId }),
      response: z.object({ memberId: z.number().int(), assistant: staffRefSchema, changed: z.boolean(), memberTold: z.boolean() }),
      errors: [404, 409],
      async handler({ params, body, auth, ctx }) {
        const r = await assignment.reassign(actorOf(auth, ctx), params.id, body.assistantId);
        return { memberId: r.member.id, assistant: { id: r.assistant.id, name: r.assistant.name }, changed: r.changed, memberTold: r.memberTold };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/staff/:id/handover',
      summary: 'Hand all members of a (leaving) assistant, with their open drafts, greetings and complaints, to one successor or spread them over the other assistants (managers); each member is told',
      tags: ['admin-staff'],
      auth: { kind: 'staff', roles: ['manager'] },
      params: idParam,
      body: z.strictObject({
        successorId: bodyId.optional().meta({ description: 'One assistant takes everyone; without it members are spread evenly' }),
        deactivate: z.boolean().default(false).meta({ description: 'Also deactivate the leaving assistant and revoke their tokens' }),
      }),
      response: z.object({
        from: staffRefSchema,
        moved: z.number().int(),
        membersTold: z.number().int(),
        assignments: z.array(z.object({ assistant: staffRefSchema, count: z.number().int(), memberIds: z.array(z.number().int()) })),
        deactivated: z.boolean(),
      }),
      errors: [404, 409],
      async handler({ params, body, auth, ctx }) {
        const r = await assignment.handover(actorOf(auth, ctx), params.id, body);
        return {
          from: { id: r.from.id, name: r.from.name },
          moved: r.moved,
          membersTold: r.membersTold,
          assignments: r.assignments.map((a) => ({ assistant: { id: a.assistant.id, name: a.assistant.name }, count: a.count, memberIds: a.memberIds })),
          deactivated: r.deactivated,
        };
      },
    }),
  ];
}
