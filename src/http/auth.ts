import { UnauthorizedError } from '../shared/errors';
import { bearerToken } from './bearer-token';
import { consoleSessionSecret } from './console-cookie';
import type { AuthenticatedStaff, Authenticators, AuthState } from './route';

/** A console session behind a cookie, as the staff module resolves it. */
export interface ConsoleSessionAuth {
  staff: AuthenticatedStaff;
  sessionId: number;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Staff: a bearer token, or else the console's session cookie (a request with an Authorization header is
 * judged by it alone, so a token never needs a CSRF token). Members: mini-program sessions, when provided.
 */
export function createAuthenticators(deps: {
  staffToken(token: string): Promise<AuthenticatedStaff>;
  consoleSession?: (secret: string) => Promise<ConsoleSessionAuth>;
  memberSession?: (token: string) => Promise<AuthState>;
}): Authenticators {
  return {
    async staff(ctx) {
      const secret = ctx.get('authorization') ? undefined : consoleSessionSecret(ctx);
      if (secret && deps.consoleSession) {
        const s = await deps.consoleSession(secret);
        return { staff: s.staff, consoleSession: { id: s.sessionId, csrfToken: s.csrfToken, expiresAt: s.expiresAt } };
      }
      return { staff: await deps.staffToken(bearerToken(ctx)) };
    },
    async member(ctx) {
      const token = bearerToken(ctx);
      if (!deps.memberSession) throw new UnauthorizedError();
      return deps.memberSession(token);
    },
  };
}
