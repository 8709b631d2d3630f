import type Koa from 'koa';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '../shared/errors';
import type { Logger } from '../shared/logger';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function zodDetails(err: ZodError): { path: string; message: string; code: string }[] {
  return flattenIssues(err.issues);
}

type Issue = ZodError['issues'][number];

/** A failed union reports the issues of its closest alternative (fewest issues), so clients see which field is wrong. */
function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: string; message: string; code: string }[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    const branches = i.code === 'invalid_union' ? (i as { errors?: Issue[][] }).errors : undefined;
    if (branches?.length) {
      const closest = branches.reduce((a, b) => (b.length < a.length ? b : a));
      if (closest.length) return flattenIssues(closest, path);
    }
    return [{ path: path.map(String).join('.'), message: i.message, code: i.code }];
  });
}

/** Errors from Koa, body parsing and http-errors carry a status; map the ones clients can act on. */
function fromHttpStatus(status: number, expose: boolean, message: string): { code: ErrorCode; message: string } {
  if (status === 413) return { code: 'payload_too_large', message: 'Request body is larger than 1 MB' };
  if (status === 415) return { code: 'unsupported_media_type', message: 'Send the body as JSON (content-type: application/json)' };
  if (status === 400) return { code: 'validation_failed', message: expose ? message : 'Malformed request' };
  if (status === 401) return { code: 'unauthorized', message: 'Missing or invalid credentials' };
  if (status === 403) return { code: 'forbidden', message: 'Forbidden' };
  if (status === 404) return { code: 'not_found', message: 'Not found' };
  if (status === 405) return { code: 'method_not_allowed', message: 'Method not allowed' };
  if (status === 429) return { code: 'rate_limited', message: 'Too many requests' };
  if (status === 503) return { code: 'unavailable', message: 'Service unavailable' };
  return { code: 'internal', message: 'Internal error' };
}

/** The outermost middleware: every error leaves as {"error":{code,message,details}}, 5xx are logged, internals hidden. */
export function errorHandler(log: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'not_found', message: `No route for ${ctx.method} ${ctx.path}` } };
      } else if (ctx.status === 405 && (ctx.body === undefined || typeof ctx.body === 'string')) {
        ctx.body = { error: { code: 'method_not_allowed', message: `Method ${ctx.method} not allowed on ${ctx.path}` } };
      }
    } catch (err) {
      if (err instanceof AppError) {
        ctx.status = STATUS[err.code];
        ctx.body = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
        // A dependency that is down (the chat account offline, WeChat unreachable) is expected: a warning
        // with what happened, no stack trace. Anything else at 5xx is a fault worth its stack.
        if (err.code === 'unavailable') log.warn({ code: err.code, reason: err.message, path: ctx.path }, 'request answered 503');
        else if (ctx.status >= 500) log.error({ err, path: ctx.path }, 'request failed');
        return;
      }
      if (err instanceof ZodError) {
        ctx.status = 400;
        ctx.body = { error: { code: 'validation_failed', message: 'Invalid request', details: zodDetails(err) } };
        return;
      }
      const e = err as { status?: number; statusCode?: number; expose?: boolean; message?: string; type?: string };
      const status = e.status ?? e.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        // co-body reports unparsable JSON as a SyntaxError with status 400 (raw-body as entity.parse.failed).
        const badJson = e.type === 'entity.parse.failed' || err instanceof SyntaxError;
        const mapped = badJson
          ? { code: 'validation_failed' as const, message: 'Body is not valid JSON' }
          : fromHttpStatus(status, Boolean(e.expose), String(e.message ?? ''));
        ctx.status = status === 405 ? 405 : status;
        ctx.body = { error: mapped };
        return;
      }
      log.error({ err: { message: (err as Error)?.message, name: (err as Error)?.name, stack: (err as Error)?.stack }, path: ctx.path }, 'unhandled request error');
      ctx.status = 500;
      ctx.body = { error: { code: 'internal', message: 'Internal error' } };
    }
  };
}
