import { timingSafeEqual } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import inflate from 'inflation';
import getRawBody from 'raw-body';
import { Router } from '@koa/router';
import type Koa from 'koa';
import { z, ZodError } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { AppError, ValidationError, ForbiddenError } from '../shared/errors';
import { bearerToken } from './bearer-token';
import { CONSOLE_SESSION_COOKIE, CSRF_HEADER } from './console-cookie';
import { zodDetails } from './error-handler';
import { errorBodySchema, type Authenticators, type AuthState, type RouteDef } from './route';

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(`Invalid ${where}`, zodDetails(result.error as ZodError).map((d) => ({ ...d, in: where })));
  }
  return result.data;
}

/** Bodies are parsed per route, only where the route takes one: a route without a body ignores what is sent. */
const parseBody = bodyParser({
  enableTypes: ['json', 'text'],
  jsonLimit: '1mb',
  textLimit: '1mb',
  encoding: 'utf-8',
});

/**
 * Parses the body; a body whose Content-Encoding does not decode (gzip that is not gzip) is the client's
 * mistake, not a crash: zlib and brotli errors carry no HTTP status, so they are mapped here.
 */
async function readBody(ctx: Koa.Context): Promise<void> {
  // CSV files come as bytes: POS exports are often GBK, so the route finds the encoding, not the parser.
  const csv = Boolean(ctx.request.is('text/csv'));
  try {
    if (csv) {
      // A compressed upload is unpacked (inflation: gzip, deflate, br), then read whole as bytes.
      const encoded = Boolean(ctx.get('content-encoding')) && ctx.get('content-encoding') !== 'identity';
      (ctx.request as unknown as { body?: unknown }).body = await getRawBody(inflate(ctx.req), { limit: '1mb', length: encoded ? undefined : ctx.request.length });
      return;
    }
    await parseBody(ctx, async () => undefined);
  } catch (err) {
    const e = err as { status?: number; type?: string };
    if (e.type === 'encoding.unsupported') {
      throw new AppError('unsupported_media_type', `Content-Encoding ${ctx.get('content-encoding')} is not supported (send identity, gzip, deflate or br)`);
    }
    if (typeof e.status === 'number') throw err;
    throw new ValidationError(`The body could not be decoded as ${ctx.get('content-encoding') || 'sent'}`, [{ path: '', message: 'body does not match its Content-Encoding', in: 'body' }]);
  }
}

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

function csrfTokenMatches(expected: string, sent: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Registers the route table on a router: auth, validation of params/query/body, then the handler. */
export function mountRoutes(router: Router, routes: RouteDef[], auth: Authenticators): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      let state: AuthState = {};
      let bearer: string | undefined;
      if (route.auth.kind === 'staff') {
        state = await auth.staff(ctx);
        // A cookie is sent by the browser whoever's page asks: a change needs the session's CSRF token too.
        if (state.consoleSession && STATE_CHANGING.has(route.method) && !csrfTokenMatches(state.consoleSession.csrfToken, ctx.get(CSRF_HEADER))) {
          throw new AppError('csrf_failed', `Send the console session's CSRF token in the ${CSRF_HEADER} header`);
        }
        if (route.auth.roles && (!state.staff || !route.auth.roles.includes(state.staff.role))) {
          throw new ForbiddenError(`This action needs the role ${route.auth.roles.join(' or ')}`);
        }
      } else if (route.auth.kind === 'member') {
        if (route.auth.sessionInHandler) bearer = bearerToken(ctx);
        else state = await auth.member(ctx);
      }
      ctx.state.auth = state;
      let rawBody: unknown;
      if (route.body) {
        // A JSON route given a form or text body would fail field by field; say what is wrong instead.
        if (ctx.request.length !== 0 && ctx.request.is('json', ...(route.bodyContentType ? [route.bodyContentType] : [])) === false) {
          throw new AppError('unsupported_media_type', `Send the body as ${route.bodyContentType ?? 'JSON (content-type: application/json)'}`);
        }
        await readBody(ctx);
        rawBody = (ctx.request as unknown as { body?: unknown }).body;
      }
      const params = parsePart(route.params, ctx.params, 'path');
      const query = parsePart(route.query, ctx.query, 'query');
      const body = parsePart(route.body, route.bodyContentType ? rawBody : rawBody ?? {}, 'body');
      const result = await route.handler({ params, query, body, auth: state, bearer, ctx });
      if (result && typeof result === 'object' && 'raw' in result && (result as { raw: unknown }).raw === true) {
        const raw = result as unknown as { status?: number; type?: string; body: unknown; headers?: Record<string, string> };
        ctx.status = raw.status ?? 200;
        if (raw.type) ctx.type = raw.type;
        for (const [k, v] of Object.entries(raw.headers ?? {})) ctx.set(k, v);
        ctx.body = raw.body;
        return;
      }
      ctx.status = route.status ?? 200;
      ctx.body = route.status === 204 ? undefined : result;
    });
  }
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (details list each field)',
  401: 'Missing, expired or revoked token',
  403: 'Authenticated, but not allowed (or, with the console session cookie, a change without its X-CSRF-Token: csrf_failed)',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Body larger than 1 MB',
  415: 'Body not sent in the declared content type, or a Content-Encoding that is not supported',
  429: 'Too many requests (Retry-After says when to try again)',
  503: 'Shutting down (the response carries Connection: close), or a service this route needs is unavailable',
};

/** `post /admin/care/drafts/:id/send` → `postAdminCareDraftsByIdSend`: stable as long as the route is. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `by-${seg.slice(1)}` : seg))
    .flatMap((seg) => seg.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** Every status a route can answer: its success, what its handler declares, and what the mount itself answers. */
export function statusesOf(r: RouteDef): number[] {
  const out = new Set<number>([r.status ?? 200, ...(r.errors ?? []), 503]);
  if (r.params || r.query || r.body) out.add(400);
  if (r.auth.kind !== 'none') out.add(401);
  // A role the route does not allow; or, for a change made with the console cookie, no CSRF token.
  if (r.auth.kind === 'staff' && (r.auth.roles || STATE_CHANGING.has(r.method))) out.add(403);
  if (r.body) {
    out.add(413);
    out.add(415);
  }
  return [...out].sort((a, b) => a - b);
}

type ResponseObject = { description: string; content?: Record<string, { schema: z.ZodType }>; headers?: Record<string, { description: string; schema: z.ZodType }> };

function successResponse(r: RouteDef): ResponseObject {
  if (r.status === 204) return { description: 'Done (no body)' };
  const schema = r.response ?? z.never();
  const types = r.responseContentTypes ?? ['application/json'];
  const headers = r.responseHeaders
    ? Object.fromEntries(Object.entries(r.responseHeaders).map(([name, description]) => [name, { description, schema: z.string() }]))
    : undefined;
  return { description: 'OK', content: Object.fromEntries(types.map((t) => [t, { schema }])), ...(headers ? { headers } : {}) };
}

/** OpenAPI 3.1 of the route table, from the same zod schemas that validate requests. */
export function buildOpenApi(routes: RouteDef[], info: { title: string; version: string }): unknown {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of routes) {
    if (r.hidden) continue;
    const success = r.status ?? 200;
    const responses: Record<string, ResponseObject> = {};
    for (const s of statusesOf(r)) {
      responses[String(s)] = s === success ? successResponse(r) : { description: ERROR_TEXT[s] ?? 'Error', content: { 'application/json': { schema: errorBodySchema } } };
    }
    if (r.errors?.includes(429)) responses['429'].headers = { 'Retry-After': { description: 'Seconds until a new attempt can succeed', schema: z.string() } };
    responses.default = { description: 'Unexpected failure (500), in the same error format', content: { 'application/json': { schema: errorBodySchema } } };
    const op: ZodOpenApiOperationObject = {
      operationId: r.operationId ?? operationIdOf(r.method, r.path),
      summary: r.summary,
      tags: r.tags,
      responses: responses as ZodOpenApiOperationObject['responses'],
      ...(r.auth.kind === 'staff' ? { security: [{ staffToken: [] }, { consoleSession: [] }] } : r.auth.kind === 'member' ? { security: [{ memberSession: [] }] } : {}),
    };
    if (r.params || r.query) {
      op.requestParams = {
        ...(r.params ? { path: r.params as never } : {}),
        ...(r.query ? { query: r.query as never } : {}),
      };
    }
    if (r.body) {
      // A JSON body may be left out where every field is optional (it reads as {}); a file may not.
      op.requestBody = { ...(r.bodyContentType ? { required: true } : {}), content: { [r.bodyContentType ?? 'application/json']: { schema: r.body } } };
    }
    const p = toOpenApiPath(r.path);
    paths[p] = { ...(paths[p] ?? {}), [r.method]: op };
  }
  return createDocument({
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        staffToken: { type: 'http', scheme: 'bearer', description: 'Staff token from `npm run staff -- add`' },
        consoleSession: {
          type: 'apiKey',
          in: 'cookie',
          name: CONSOLE_SESSION_COOKIE,
          description: 'Staff console session from POST /admin/session; POST, PUT, PATCH and DELETE must also send its csrfToken as X-CSRF-Token (else 403 csrf_failed)',
        },
        memberSession: { type: 'http', scheme: 'bearer', description: 'Member session token from POST /mp/login' },
      },
    },
  });
}
