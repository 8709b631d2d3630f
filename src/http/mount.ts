import { Router } from '@koa/router';
import type Koa from 'koa';
import { z, ZodError } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { AppError, ValidationError, ForbiddenError } from '../shared/errors';
import { bearerToken } from './bearer-token';
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

/** Registers the route table on a router: auth, validation of params/query/body, then the handler. */
export function mountRoutes(router: Router, routes: RouteDef[], auth: Authenticators): void {
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      let state: AuthState = {};
      let bearer: string | undefined;
      if (route.auth.kind === 'staff') {
        state = await auth.staff(ctx);
        if (route.auth.roles && (!state.staff || !route.auth.roles.includes(state.staff.role))) {
          throw new ForbiddenError(`This action needs the role ${route.auth.roles.join(' or ')}`);
        }
      } else if (route.auth.kind === 'member') {
        if (route.auth.sessionInHandler) bearer = bearerToken(ctx);
        else state = await auth.member(ctx);
      }
      ctx.state.auth = state;
      // A JSON route given a form or text body would fail field by field; say what is wrong instead.
      if (route.body && ctx.request.length !== 0 && ctx.request.is('json', ...(route.bodyContentType ? [route.bodyContentType] : [])) === false) {
        throw new AppError('unsupported_media_type', `Send the body as ${route.bodyContentType ?? 'JSON (content-type: application/json)'}`);
      }
      const params = parsePart(route.params, ctx.params, 'path');
      const query = parsePart(route.query, ctx.query, 'query');
      const rawBody = (ctx.request as unknown as { body?: unknown }).body;
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
  403: 'Authenticated, but not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
  415: 'Body not sent as JSON',
  413: 'Body larger than 1 MB',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** OpenAPI 3.1 of the route table, from the same zod schemas that validate requests. */
export function buildOpenApi(routes: RouteDef[], info: { title: string; version: string }): unknown {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of routes) {
    if (r.hidden) continue;
    const errorStatuses = new Set<number>(r.errors ?? []);
    if (r.params || r.query || r.body) errorStatuses.add(400);
    if (r.auth.kind !== 'none') errorStatuses.add(401);
    if (r.auth.kind === 'staff' && r.auth.roles) errorStatuses.add(403);
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {
      [String(r.status ?? 200)]: r.status === 204
        ? { description: 'Done' }
        : { description: 'OK', content: { 'application/json': { schema: r.response ?? z.unknown() } } },
    };
    for (const s of [...errorStatuses].sort()) {
      responses[String(s)] = { description: ERROR_TEXT[s] ?? 'Error', content: { 'application/json': { schema: errorBodySchema } } };
    }
    const op: ZodOpenApiOperationObject = {
      summary: r.summary,
      tags: r.tags,
      responses: responses as ZodOpenApiOperationObject['responses'],
      ...(r.auth.kind === 'staff' ? { security: [{ staffToken: [] }] } : r.auth.kind === 'member' ? { security: [{ memberSession: [] }] } : {}),
    };
    if (r.params || r.query) {
      op.requestParams = {
        ...(r.params ? { path: r.params as never } : {}),
        ...(r.query ? { query: r.query as never } : {}),
      };
    }
    if (r.body) {
      op.requestBody = { content: { [r.bodyContentType ?? 'application/json']: { schema: r.body } } };
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
        memberSession: { type: 'http', scheme: 'bearer', description: 'Member session token from POST /mp/login' },
      },
    },
  });
}
