import { z } from 'zod';
import { instant, plainId, singleLine } from '../shared/input-schema';
import { actorOf } from '../http/actor';
import { isoDateTime, pageOf, pageQuery } from '../shared/api-schema';
import { defineRoute, type RouteDef } from '../http/route';
import type { AuditService } from './audit.service';

const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: isoDateTime,
    staff: z.object({ id: z.number().int().nullable(), name: z.string().nullable(), role: z.string().nullable() }),
    action: z.string(),
    memberId: z.number().int().nullable(),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
    details: z.unknown().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

const auditQuery = z.strictObject({
  memberId: plainId.optional(),
  staffId: plainId.optional(),
  action: singleLine(48).optional(),
  from: instant.optional(),
  to: instant.optional(),
  ...pageQuery,
});

export function auditRoutes(audit: AuditService): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/audit',
      summary: 'The audit log: who read or changed what, newest first (managers and admins)',
      tags: ['audit'],
      auth: { kind: 'staff', roles: ['manager', 'admin'] },
      query: auditQuery,
      response: pageOf(auditEntrySchema),
      async handler({ query, auth, ctx }) {
        actorOf(auth, ctx);
        const { items, total } = await audit.list({
          ...query,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        });
        return {
          items: items.map((e) => ({
            id: e.id,
            at: e.at.toISOString(),
            staff: { id: e.staffId, name: e.staffName, role: e.staffRole },
            action: e.action,
            memberId: e.memberId,
            target: { type: e.targetType, id: e.targetId },
            details: e.details ? (JSON.parse(e.details) as unknown) : null,
            ip: e.ip,
          })),
          page: query.page,
          pageSize: query.pageSize,
          total,
        };
      },
    }),
  ];
}
