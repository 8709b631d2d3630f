import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { defineRoute, idParam, type RouteDef } from '../http/route';
import { Member } from '../members';
import type { Clock } from '../shared/clock';
import { ConflictError, UnauthorizedError } from '../shared/errors';
import type { TemplateLibrary } from '../shared/templates';
import type { Staff, StaffRole } from '../staff';
import { OutboxMessage } from './outbox-message.entity';
import { outboxRowSchema, outboxRowView, visibleOutboxRow } from './outbox-row.view';

function who(auth: { staff?: Staff }): Staff {
  if (!auth.staff) throw new UnauthorizedError();
  return auth.staff;
}

/** Messages to check name members and carry their texts: assistants and managers only (an admin holds no member data). */
const handlers = { kind: 'staff' as const, roles: ['assistant', 'manager'] as StaffRole[] };

export interface OutboxRoutesDeps {
  ds: DataSource;
  clock: Clock;
  templates: TemplateLibrary;
  timezone: string;
}

/** `/admin/outbox/*`: closing rows whose send was interrupted (did the member get it?). */
export function outboxRoutes(deps: OutboxRoutesDeps): RouteDef[] {
  const { ds, clock } = deps;
  const view = (r: OutboxMessage, member: Member | null) => outboxRowView(deps.templates, deps.timezone, r, member);
  return [
    defineRoute({
      method: 'get',
      path: '/admin/outbox/check',
      summary: 'Messages interrupted mid-send: did the member get them? (assistants see their members’)',
      tags: ['care'],
      auth: handlers,
      response: z.object({ messages: z.array(outboxRowSchema) }),
      async handler({ auth }) {
        const staff = who(auth);
        const rows = await ds.getRepository(OutboxMessage).find({
          where: staff.role === 'assistant' ? { status: 'check', assistantId: staff.id } : { status: 'check' },
          order: { id: 'ASC' },
          take: 500,
        });
        const out = [];
        for (const r of rows) out.push(view(r, await ds.getRepository(Member).findOneBy({ id: r.memberId })));
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
      response: outboxRowSchema,
      errors: [404, 409],
      async handler({ params, body, auth }) {
        const staff = who(auth);
        const row = await visibleOutboxRow(ds, staff, params.id);
        if (row.status !== 'check') throw new ConflictError(`The message is ${row.status}, not waiting for a check`, { status: row.status });
        const now = clock.now();
        const set: Partial<OutboxMessage> = body.delivered
          ? { status: 'sent', sentAt: row.claimedAt ?? now, reason: 'confirmed_by_staff' }
          : { status: 'failed', reason: 'not_delivered' };
        const r = await ds
          .getRepository(OutboxMessage)
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ ...set, decidedBy: staff.id, decidedAt: now, updatedAt: now })
          .where('id = :id AND status = :s', { id: row.id, s: 'check' })
          .execute();
        if (!r.affected) throw new ConflictError('The message was resolved meanwhile');
        const fresh = await ds.getRepository(OutboxMessage).findOneByOrFail({ id: row.id });
        return view(fresh, await ds.getRepository(Member).findOneBy({ id: row.memberId }));
      },
    }),
  ];
}
