import type Koa from 'koa';
import { z } from 'zod';
import type { AuditService } from '../../audit';
import { clearConsoleSessionCookie, setConsoleSessionCookie } from '../../http/console-cookie';
import { defineRoute, type RouteDef } from '../../http/route';
import { isoDateTime } from '../../shared/api-schema';
import { RateLimitedError, UnauthorizedError } from '../../shared/errors';
import { STAFF_ROLES } from '../staff.entity';
import type { ConsoleSessions, ConsoleSessionSettings, ConsoleSessionView } from './console-sessions';

/** Counts hits in fixed windows every instance sees (the root passes the database-backed counter). */
export interface SignInRateCounter {
  hit(key: string, windowSeconds: number): Promise<{ hits: number; msBeforeReset: number }>;
}

/** Sign-in attempts per client address and minute: the same limit as the mini-program's login. */
export const CONSOLE_SIGN_IN_PER_MINUTE = 20;

const sessionSchema = z
  .object({
    staff: z.object({ id: z.number().int(), name: z.string(), role: z.enum(STAFF_ROLES as ['assistant', 'manager', 'admin']) }),
    csrfToken: z.string().meta({ description: 'Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with this session' }),
    expiresAt: isoDateTime.meta({ description: 'When the session ends unless used again (idle timeout), or its absolute end (12 h after sign-in) if sooner' }),
  })
  .meta({ id: 'ConsoleSession' });

const signInBody = z.union([
  z.strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits').meta({ description: 'The one-time code the bot sent in chat after 登录' }) }),
  z.strictObject({ token: z.string().regex(/^lks_[A-Za-z0-9_-]{10,200}$/, 'a staff API token (lks_…)').meta({ description: 'A staff API token (npm run staff), for an admin without WeChat' }) }),
]);

export interface ConsoleSessionRoutesDeps {
  sessions: ConsoleSessions;
  settings: ConsoleSessionSettings;
  audit: AuditService;
  rateCounter: SignInRateCounter;
}

function answer(view: ConsoleSessionView) {
  return { staff: { id: view.staff.id, name: view.staff.name, role: view.staff.role }, csrfToken: view.csrfToken, expiresAt: view.expiresAt.toISOString() };
}

async function limitSignIns(counter: SignInRateCounter, ctx: Koa.Context): Promise<void> {
  const { hits, msBeforeReset } = await counter.hit(`console-sign-in:${ctx.ip}`, 60);
  if (hits <= CONSOLE_SIGN_IN_PER_MINUTE) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeReset / 1000));
  ctx.set('Retry-After', String(retryAfterSeconds));
  throw new RateLimitedError(`Too many sign-in attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** `/admin/session`: the staff console signs in (a code from chat, or an API token), reads and ends its session. */
export function consoleSessionRoutes(deps: ConsoleSessionRoutesDeps): RouteDef[] {
  const { sessions, audit } = deps;
  const lifetimeMs = deps.settings.lifetimeHours * 3_600_000;
  return [
    defineRoute({
      method: 'post',
      path: '/admin/session',
      summary: 'Sign in to the staff console with a one-time code from chat (登录) or a staff API token; sets the laoke_session cookie',
      tags: ['admin-session'],
      auth: { kind: 'none' },
      body: signInBody,
      response: sessionSchema,
      responseHeaders: { 'Set-Cookie': 'laoke_session=…; path=/; httponly; samesite=lax (and secure over HTTPS)' },
      errors: [401, 429],
      async handler({ body, ctx }) {
        await limitSignIns(deps.rateCounter, ctx);
        const { secret, view } = 'code' in body ? await sessions.signInWithCode(body.code) : await sessions.signInWithToken(body.token);
        setConsoleSessionCookie(ctx, secret, lifetimeMs);
        await audit.record({ staff: view.staff, ip: ctx.ip || null }, { action: 'staff.session.start', targetType: 'staff', targetId: view.staff.id, details: { method: 'code' in body ? 'code' : 'token', sessionId: view.sessionId } });
        return answer(view);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/session',
      summary: 'The console session of this browser (cookie): who, its CSRF token and when it ends; 401 without one',
      tags: ['admin-session'],
      auth: { kind: 'staff' },
      response: sessionSchema,
      async handler({ auth }) {
        if (!auth.staff || !auth.consoleSession) throw new UnauthorizedError('No console session (this request carried a bearer token)');
        const s = auth.consoleSession;
        return answer({ staff: auth.staff, sessionId: s.id, csrfToken: s.csrfToken, expiresAt: s.expiresAt });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/admin/session',
      summary: 'Sign out: ends this console session and clears the cookie (send X-CSRF-Token)',
      tags: ['admin-session'],
      auth: { kind: 'staff' },
      status: 204,
      async handler({ auth, ctx }) {
        clearConsoleSessionCookie(ctx);
        if (!auth.staff || !auth.consoleSession) return undefined;
        await sessions.end(auth.consoleSession.id);
        await audit.record({ staff: auth.staff, ip: ctx.ip || null }, { action: 'staff.session.end', targetType: 'staff', targetId: auth.staff.id, details: { sessionId: auth.consoleSession.id } });
        return undefined;
      },
    }),
  ];
}
