import type Koa from 'koa';

/** The staff console's session cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
export const CONSOLE_SESSION_COOKIE = 'laoke_session';

/** The header a cookie-authenticated state-changing request must carry (the session's CSRF token). */
export const CSRF_HEADER = 'x-csrf-token';

export function consoleSessionSecret(ctx: Koa.Context): string | undefined {
  return ctx.cookies.get(CONSOLE_SESSION_COOKIE) || undefined;
}

/**
 * Sets the session cookie. `Secure` follows ctx.secure: HTTPS to laoke itself, or X-Forwarded-Proto from a
 * proxy trusted by TRUST_PROXY_HOPS (Koa reads the header only when app.proxy is on).
 */
export function setConsoleSessionCookie(ctx: Koa.Context, secret: string, maxAgeMs: number): void {
  ctx.cookies.set(CONSOLE_SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', path: '/', secure: ctx.secure, maxAge: maxAgeMs, overwrite: true });
}

export function clearConsoleSessionCookie(ctx: Koa.Context): void {
  ctx.cookies.set(CONSOLE_SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', secure: ctx.secure, maxAge: 0, overwrite: true });
}
