import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { defineRoute, idParam, type RouteDef } from '../http/route';
import { Member } from '../members/member.entity';
import type { Clock } from '../shared/clock';
import { ConflictError, UnauthorizedError } from '../shared/errors';
import { storeDateKey } from '../shared/store-time';
import type { Staff, StaffRole } from '../staff/staff.entity';
import type { StaffService } from '../staff/staff.service';
import { careReport } from './care-report';
import type { DraftService } from './drafts.service';
import { MAX_DRAFT_CHARS } from './drafts.service';
import { OutboxMessage } from './outbox-message.entity';

const draftSchema = z
  .object({
    id: z.number().int(),
    no: z.number().int().nullable().describe('Number in the staff member’s chat list today, if listed'),
    memberId: z.number().int(),
    memberCode: z.string().nullable(),
    memberName: z.string().nullable(),
    assistantId: z.number().int().nullable(),
    occasion: z.string(),
    occasionLabel: z.string(),
    occasionDate: z.string(),
    text: z.string(),
    status: z.enum(['draft', 'queued', 'sending', 'sent', 'skipped', 'failed', 'check']),
    needsApproval: z.boolean(),
    dueAt: z.string(),
    reason: z.string().nullable(),
    decidedBy: z.number().int().nullable(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'CareDraft' });

const figuresSchema = z.object({
  greetingsSent: z.number().int(),
  followUpsDone: z.number().int(),
  surveysSent: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  check: z.number().int(),
});

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

function who(auth: { staff?: Staff }): Staff {
  if (!auth.staff) throw new UnauthorizedError();
  return auth.staff;
}

/** Drafts and messages to check name members and carry their texts: assistants and managers only (an admin holds no member data). */
const handlers = { kind: 'staff' as const, roles: ['assistant', 'manager'] as StaffRole[] };

/** The assistant-in-the-loop actions over HTTP, the care figures, and closing rows that need a check. */
export function outboxRoutes(deps: { ds: DataSource; clock: Clock; staff: StaffService; drafts: DraftService; timezone: string }): RouteDef[] {
  const { drafts, clock } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/admin/care/drafts',
      summary: 'Proactive messages waiting for the assistant (today by default); assistants see only their members’',
      tags: ['care'],
      auth: handlers,
      query: z.object({
        date: dateSchema.optional(),
        status: z.enum(['draft', 'all']).default('draft'),
        assistantId: z.coerce.number().int().positive().optional(),
      }),
      response: z.object({ date: z.string(), drafts: z.array(draftSchema) }),
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
        response: draftSchema,
        errors: [404, 409],
        async handler({ params, auth }) {
          return drafts.decide(who(auth), params.id, action, undefined, clock.now());
        },
      }),
    ),
    defineRoute({
      method: 'put',
      path: '/admin/care/drafts/:id',
      summary: 'Rewrite a draft; the new text is approved for sending',
      tags: ['care'],
      auth: handlers,
      params: idParam,
      body: z.strictObject({ text: z.string().trim().min(1).max(MAX_DRAFT_CHARS) }),
      response: draftSchema,
      errors: [404, 409],
      async handler({ params, body, auth }) {
        return drafts.decide(who(auth), params.id, 'edit', body.text, clock.now());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/outbox/check',
      summary: 'Messages interrupted mid-send: did the member get them? (assistants see their members’)',
      tags: ['care'],
      auth: handlers,
      response: z.object({ messages: z.array(draftSchema) }),
      async handler({ auth }) {
        const staff = who(auth);
        const rows = await deps.ds.getRepository(OutboxMessage).find({
          where: staff.role === 'assistant' ? { status: 'check', assistantId: staff.id } : { status: 'check' },
          order: { id: 'ASC' },
          take: 500,
        });
        const out = [];
        for (const r of rows) out.push(drafts.toHttp(r, await deps.ds.getRepository(Member).findOneBy({ id: r.memberId })));
        return { messages: out };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/outbox/:id/resolve',
      summary: 'Close a message that needed a check: the member got it (sent) or not (failed)',
      tags: ['care'],
      auth: handlers,
      params: idParam,
      body: z.strictObject({ delivered: z.boolean() }),
      response: draftSchema,
      errors: [404, 409],
      async handler({ params, body, auth }) {
        const staff = who(auth);
        const row = await drafts.visibleRow(staff, params.id);
        if (row.status !== 'check') throw new ConflictError(`The message is ${row.status}, not waiting for a check`, { status: row.status });
        const now = clock.now();
        const set: Partial<OutboxMessage> = body.delivered
          ? { status: 'sent', sentAt: row.claimedAt ?? now, reason: 'confirmed_by_staff' }
          : { status: 'failed', reason: 'not_delivered' };
        const r = await deps.ds
          .getRepository(OutboxMessage)
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ ...set, decidedBy: staff.id, decidedAt: now, updatedAt: now })
          .where('id = :id AND status = :s', { id: row.id, s: 'check' })
          .execute();
        if (!r.affected) throw new ConflictError('The message was resolved meanwhile');
        const fresh = await deps.ds.getRepository(OutboxMessage).findOneByOrFail({ id: row.id });
        return drafts.toHttp(fresh, await deps.ds.getRepository(Member).findOneBy({ id: row.memberId }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/reports/care',
      summary: 'Monthly care figures per assistant: greetings sent, follow-ups done, surveys sent (assistants see their own)',
      tags: ['reports'],
      auth: { kind: 'staff' },
      query: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM').optional() }),
      response: z.object({
        month: z.string(),
        assistants: z.array(
          figuresSchema.extend({ assistantId: z.number().int().nullable(), name: z.string(), byOccasion: z.record(z.string(), z.number().int()) }),
        ),
        totals: figuresSchema,
      }),
      async handler({ query, auth }) {
        const month = query.month ?? storeDateKey(clock.now(), deps.timezone).slice(0, 7);
        return careReport({ ds: deps.ds, staff: deps.staff, timezone: deps.timezone }, month, who(auth));
      },
    }),
  ];
}
