import { z } from 'zod';
import { dateKey, multiLine, plainId } from '../../shared/input-schema';
import { defineRoute, idParam, type RouteDef } from '../../http/route';
import { outboxRowSchema } from '../../outbox';
import type { Clock } from '../../shared/clock';
import { UnauthorizedError } from '../../shared/errors';
import type { Staff, StaffRole } from '../../staff';
import { MAX_DRAFT_CHARS, type MorningListService } from './morning-list.service';


function who(auth: { staff?: Staff }): Staff {
  if (!auth.staff) throw new UnauthorizedError();
  return auth.staff;
}

/** Drafts name members and carry their texts: assistants and managers only (an admin holds no member data). */
const handlers = { kind: 'staff' as const, roles: ['assistant', 'manager'] as StaffRole[] };

export interface MorningListRoutesDeps {
  clock: Clock;
  morningList: MorningListService;
}

/** `/admin/care/drafts*`: the assistant-in-the-loop actions of the morning list over HTTP. */
export function morningListRoutes(deps: MorningListRoutesDeps): RouteDef[] {
  const { morningList: drafts, clock } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/admin/care/drafts',
      summary: 'Proactive messages waiting for the assistant (today by default); assistants see only their members’',
      tags: ['care'],
      auth: handlers,
      query: z.object({
        date: dateKey.optional(),
        status: z.enum(['draft', 'all']).default('draft'),
        assistantId: plainId.optional(),
      }),
      response: z.object({
        date: z.string(),
        drafts: z.array(
          outboxRowSchema.extend({
            openComplaint: z
              .object({ ticketNo: z.string(), status: z.string() })
              .nullable()
              .meta({ description: 'The member’s open complaint, shown beside a draft still to decide (a birthday then needs the assistant’s approval)' }),
          }),
        ),
      }),
      async handler({ query, auth }) {
        return drafts.listForHttp(who(auth), query, clock.now());
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/care/drafts/send-all',
      summary: 'Approve every draft of today (the assistant’s own, or all for a manager)',
      tags: ['care'],
      auth: handlers,
      response: z.object({ queued: z.number().int() }),
      async handler({ auth }) {
        return drafts.sendAllForHttp(who(auth), clock.now());
      },
    }),
    ...([
      ['send', 'Approve a draft: it is delivered at its time (never in quiet hours)'],
      ['skip', 'Skip a draft (recorded as skipped by the assistant)'],
    ] as const).map(([action, summary]) =>
      defineRoute({
        method: 'post',
        path: `/admin/care/drafts/:id/${action}`,
        summary,
        tags: ['care'],
        auth: handlers,
        params: idParam,
        response: outboxRowSchema,
        errors: [404, 409],
        async handler({ params, auth }) {
          return drafts.decide(who(auth), params.id, action, undefined, clock.now());
        },
      }),
    ),
    defineRoute({
      method: 'put',
      path: '/admin/care/drafts/:id',
      summary: 'Rewrite a draft; the new text is approved for sending, signed by the staff member unless they signed it. A promotion word in a festival, season or long-time-no-see text is refused (400, field text)',
      tags: ['care'],
      auth: handlers,
      params: idParam,
      body: z.strictObject({ text: multiLine(MAX_DRAFT_CHARS) }),
      response: outboxRowSchema,
      errors: [404, 409],
      async handler({ params, body, auth }) {
        return drafts.decide(who(auth), params.id, 'edit', body.text, clock.now());
      },
    }),
  ];
}
