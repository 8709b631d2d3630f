import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { singleLine } from '../shared/input-schema';
import type { AuditService } from '../audit';
import { isUniqueViolation } from '../db/sql-dialect';
import { defineRoute, idParam, type RouteDef } from '../http/route';
import { actorOf } from '../http/actor';
import { isoDateTime } from '../shared/api-schema';
import type { Clock } from '../shared/clock';
import { ConflictError, NotFoundError } from '../shared/errors';
import { STAFF_ROLES, Staff } from './staff.entity';
import type { StaffService } from './staff.service';

// Completes http's AuthenticatedStaff: a staff route's auth.staff is the Staff account.
declare module '../http/route' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuthenticatedStaff extends Staff {}
}

const roleSchema = z.enum(STAFF_ROLES as ['assistant', 'manager', 'admin']);

const staffSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: roleSchema,
    wechatContactId: z.string().nullable(),
    active: z.boolean(),
    createdAt: isoDateTime,
    memberCount: z.number().int().meta({ description: 'Members this assistant looks after' }),
  })
  .meta({ id: 'Staff' });

const tokenSchema = z
  .object({ token: z.string().meta({ description: 'Shown once: only its hash is stored' }), expiresAt: isoDateTime.nullable() })
  .meta({ id: 'StaffTokenIssued' });

const tokenBody = z.strictObject({
  label: singleLine(64).optional(),
  ttlDays: z.number().int().min(1).max(3650).optional().meta({ description: 'Days until the token expires; without it the token lasts until revoked' }),
});

export interface StaffRoutesDeps {
  clock: Clock;
  staff: StaffService;
  audit: AuditService;
  /** Members an assistant looks after (the members module counts them; staff sits below it). */
  memberCount(assistantId: number): Promise<number>;
  /**
   * A deactivated account's open work (tickets handed to them, drafts, messages to check) moves on,
   * inside the deactivation's transaction; returns what to tell people once it is committed. The
   * members module and those built on it implement it (staff sits below them).
   */
  releaseOpenWork(em: EntityManager, leaver: Staff): Promise<() => Promise<void>>;
}

export function staffRoutes(deps: StaffRoutesDeps): RouteDef[] {
  const { staff, audit, memberCount } = deps;
  const out = async (s: Staff) => ({
    id: s.id,
    name: s.name,
    role: s.role,
    wechatContactId: s.wechatContactId,
    active: s.active,
    createdAt: s.createdAt.toISOString(),
    memberCount: await memberCount(s.id),
  });
  /** Issues a token; the clear token is answered once and never stored. */
  const issue = async (staffId: number, body: z.infer<typeof tokenBody>) => {
    const expiresAt = body.ttlDays ? new Date(deps.clock.now().getTime() + body.ttlDays * 86_400_000).toISOString() : null;
    const token = await staff.issueToken(staffId, { label: body.label ?? 'api', ttlDays: body.ttlDays });
    return { token, expiresAt };
  };
  const conflictOnDuplicate = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('This WeChat contact already belongs to another staff member');
      throw err;
    }
  };

  return [
    defineRoute({
      method: 'get',
      path: '/admin/me',
      summary: 'Who this token belongs to',
      tags: ['admin-staff'],
      auth: { kind: 'staff' },
      response: staffSchema,
      async handler({ auth, ctx }) {
        return out(actorOf(auth, ctx).staff);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/staff',
      summary: 'All staff accounts with how many members each looks after (managers and admins)',
      tags: ['admin-staff'],
      auth: { kind: 'staff', roles: ['manager', 'admin'] },
      query: z.strictObject({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
      response: z.object({ items: z.array(staffSchema) }),
      async handler({ query }) {
        const list = await staff.repo.find({ where: query.active === undefined ? {} : { active: query.active }, order: { id: 'ASC' } });
        return { items: await Promise.all(list.map(out)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/staff',
      summary: 'Create a staff account and its first token (admins)',
      tags: ['admin-staff'],
      auth: { kind: 'staff', roles: ['admin'] },
      body: z.strictObject({
        name: singleLine(64),
        role: roleSchema,
        wechatContactId: singleLine(128).optional().meta({ description: 'Their own WeChat contact id as the bot sees it' }),
        ttlDays: tokenBody.shape.ttlDays,
      }),
      response: z.object({ staff: staffSchema, token: tokenSchema }),
      status: 201,
      errors: [409],
      async handler({ body, auth, ctx }) {
        const actor = actorOf(auth, ctx);
        const created = await conflictOnDuplicate(() => staff.create({ name: body.name, role: body.role, wechatContactId: body.wechatContactId ?? null }));
        const token = await issue(created.id, { ttlDays: body.ttlDays });
        await audit.record(actor, { action: 'staff.create', targetType: 'staff', targetId: created.id, details: { role: created.role } });
        return { staff: await out(created), token };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/admin/staff/:id',
      summary: 'Rename, change role or WeChat contact, deactivate or reactivate a staff account (admins)',
      tags: ['admin-staff'],
      auth: { kind: 'staff', roles: ['admin'] },
      params: idParam,
      body: z
        .strictObject({
          name: singleLine(64).optional(),
          role: roleSchema.optional(),
          wechatContactId: singleLine(128).nullable().optional(),
          active: z.boolean().optional().meta({ description: 'false deactivates and revokes every token, and their open complaints and drafts go to each member’s assistant (else the managers); an assistant must hand over their members first' }),
        })
        .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
      response: staffSchema,
      errors: [404, 409],
      async handler({ params, body, auth, ctx }) {
        const actor = actorOf(auth, ctx);
        const target = await staff.repo.findOneBy({ id: params.id });
        if (!target) throw new NotFoundError('Staff member not found');
        const leaving = body.active === false || (body.role !== undefined && body.role !== 'assistant' && target.role === 'assistant');
        if (leaving && target.active) {
          const count = await memberCount(target.id);
          if (count > 0) {
            throw new ConflictError(`This assistant still looks after ${count} member(s): hand them over first (POST /admin/staff/${target.id}/handover)`, { memberCount: count });
          }
        }
        if (body.active === false && target.id === actor.staff.id) throw new ConflictError('You cannot deactivate your own account');
        const changes: Partial<Staff> = {};
        if (body.name !== undefined) changes.name = body.name;
        if (body.role !== undefined) changes.role = body.role;
        if (body.wechatContactId !== undefined) changes.wechatContactId = body.wechatContactId;
        if (body.active !== undefined) changes.active = body.active;
        // Deactivated, or made an admin (who holds no member data): their open work must go to someone who can act on it.
        const releasing = (body.active === false && target.active) || (body.role === 'admin' && target.role !== 'admin');
        const after = await conflictOnDuplicate(() =>
          staff.repo.manager.transaction(async (em) => {
            await em.update(Staff, { id: target.id }, changes);
            return releasing ? deps.releaseOpenWork(em, target) : null;
          }),
        );
        if (body.active === false) await staff.revokeTokens(target.id);
        await after?.();
        await audit.record(actor, { action: 'staff.update', targetType: 'staff', targetId: target.id, details: { fields: Object.keys(changes) } });
        return out(await staff.get(target.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/staff/:id/tokens',
      summary: 'Issue another API token for a staff member (admins); shown once',
      tags: ['admin-staff'],
      auth: { kind: 'staff', roles: ['admin'] },
      params: idParam,
      body: tokenBody,
      response: tokenSchema,
      status: 201,
      errors: [404, 409],
      async handler({ params, body, auth, ctx }) {
        const actor = actorOf(auth, ctx);
        const target = await staff.get(params.id);
        if (!target.active) throw new ConflictError('This staff account is deactivated');
        const token = await issue(target.id, body);
        await audit.record(actor, { action: 'staff.token.issue', targetType: 'staff', targetId: target.id, details: { label: body.label ?? null, ttlDays: body.ttlDays ?? null } });
        return token;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/admin/staff/:id/tokens',
      summary: 'Revoke every token of a staff member (admins)',
      tags: ['admin-staff'],
      auth: { kind: 'staff', roles: ['admin'] },
      params: idParam,
      response: z.object({ revoked: z.number().int() }),
      errors: [404],
      async handler({ params, auth, ctx }) {
        const actor = actorOf(auth, ctx);
        const target = await staff.get(params.id);
        const revoked = await staff.revokeTokens(target.id);
        await audit.record(actor, { action: 'staff.token.revoke', targetType: 'staff', targetId: target.id, details: { revoked } });
        return { revoked };
      },
    }),
  ];
}
