import type Koa from 'koa';
import { UnauthorizedError } from '../shared/errors';
import type { AuthenticatedStaff, AuthState } from './route';

/** The acting staff member for the audit log, from the authenticated request. */
export function actorOf(auth: AuthState, ctx: Koa.Context): { staff: AuthenticatedStaff; ip: string | null } {
  if (!auth.staff) throw new UnauthorizedError();
  return { staff: auth.staff, ip: ctx.ip || null };
}
