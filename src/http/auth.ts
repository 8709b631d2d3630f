import type Koa from 'koa';
import { UnauthorizedError } from '../shared/errors';
import type { StaffService } from '../staff/staff.service';
import type { Authenticators } from './mount';
import type { AuthState } from './route';

export function bearerToken(ctx: Koa.Context): string {
  const header = ctx.get('authorization');
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,200})$/.exec(header);
  if (!m) throw new UnauthorizedError(header ? 'Malformed bearer token' : 'Missing bearer token');
  return m[1];
}

/** Staff tokens now; member sessions are plugged in by the mini-program module. */
export function createAuthenticators(deps: {
  staff: StaffService;
  memberSession?: (token: string) => Promise<AuthState>;
}): Authenticators {
  return {
    async staff(ctx) {
      return { staff: await deps.staff.authenticate(bearerToken(ctx)) };
    },
    async member(ctx) {
      const token = bearerToken(ctx);
      if (!deps.memberSession) throw new UnauthorizedError();
      return deps.memberSession(token);
    },
  };
}
