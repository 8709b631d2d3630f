import { UnauthorizedError } from '../shared/errors';
import { bearerToken } from './bearer-token';
import type { AuthenticatedStaff, Authenticators, AuthState } from './route';

/** Staff tokens, and member sessions when the mini-program module provides them. */
export function createAuthenticators(deps: {
  staffToken(token: string): Promise<AuthenticatedStaff>;
  memberSession?: (token: string) => Promise<AuthState>;
}): Authenticators {
  return {
    async staff(ctx) {
      return { staff: await deps.staffToken(bearerToken(ctx)) };
    },
    async member(ctx) {
      const token = bearerToken(ctx);
      if (!deps.memberSession) throw new UnauthorizedError();
      return deps.memberSession(token);
    },
  };
}
