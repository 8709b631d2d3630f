import type Koa from 'koa';
import { z } from 'zod';
import type { AuditActor } from '../audit/audit.service';
import type { AuthState } from '../http/route';
import { UnauthorizedError } from '../shared/errors';

/** Shared pieces of the staff API's zod schemas. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export const isoDateTime = z.string().meta({ format: 'date-time' });

export const staffRefSchema = z.object({ id: z.number().int(), name: z.string() }).meta({ id: 'StaffRef' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

/** The acting staff member for the audit log, from the authenticated request. */
export function actorOf(auth: AuthState, ctx: Koa.Context): AuditActor {
  if (!auth.staff) throw new UnauthorizedError();
  return { staff: auth.staff, ip: ctx.ip || null };
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
