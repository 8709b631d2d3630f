import { plainId } from '../shared/input-schema';
import type Koa from 'koa';
import { z, type ZodType } from 'zod';

/**
 * The staff member behind a request. Declared empty here and completed by the staff module through
 * declaration merging (as Koa does for ctx.state), so http/ never imports a business module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuthenticatedStaff {}

/** The role names of AuthenticatedStaff, once the staff module has completed it. */
export type AuthenticatedRole = AuthenticatedStaff extends { role: infer R } ? R : string;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, a staff token (optionally of some roles), or a member session. */
export type RouteAuth =
  | { kind: 'none' }
  | { kind: 'staff'; roles?: AuthenticatedRole[] }
  | {
      kind: 'member';
      /**
       * For a hot read only: the handler resolves the session itself, in the same statement as its read
       * (one round trip instead of two). The mount then passes the bearer token as `bearer` instead of
       * calling the member authenticator, and the handler must answer 401 exactly as that would.
       */
      sessionInHandler?: true;
    };

/** The authenticated caller, put on ctx.state by the auth middleware. */
export interface AuthState {
  staff?: AuthenticatedStaff;
  /** Member id of a mini-program session. */
  memberId?: number;
  sessionId?: number;
  /**
   * Set when a staff request was authenticated by the console's session cookie (not a bearer token):
   * state-changing requests must then send its CSRF token (checked by the mount).
   */
  consoleSession?: { id: number; csrfToken: string; expiresAt: Date };
}

/** Turns a request's credentials into the caller: staff tokens or console sessions, and member sessions of the mini-program. */
export interface Authenticators {
  staff(ctx: Koa.Context): Promise<AuthState>;
  member(ctx: Koa.Context): Promise<AuthState>;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  auth: AuthState;
  /** The well-formed bearer token, given only to member routes with `sessionInHandler`. */
  bearer?: string;
  ctx: Koa.Context;
}

/** A handler's answer: the JSON body (status from the route), or full control for files and pages. */
export type RouteResult<R> = R | { raw: true; status?: number; type?: string; body: unknown; headers?: Record<string, string> };

/**
 * One entry of the route table: the same zod schemas validate requests and describe the route in
 * /openapi.json, so docs cannot drift from behaviour.
 */
export interface RouteDef<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: HttpMethod;
  /** Koa style path: /admin/members/:id */
  path: string;
  summary: string;
  tags: string[];
  auth: RouteAuth;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Content type of a non-JSON body (e.g. text/csv), for the OpenAPI document. */
  bodyContentType?: string;
  /** The success body; for a non-JSON answer (an image), the schema of its bytes. */
  response?: ZodType<R>;
  /** Content types of a non-JSON success body (default application/json), for the OpenAPI document. */
  responseContentTypes?: string[];
  /** Headers the success response carries (name → what it says), for the OpenAPI document. */
  responseHeaders?: Record<string, string>;
  /** Stable name of the operation in /openapi.json; derived from method and path when not given. */
  operationId?: string;
  /** Success status, default 200. */
  status?: number;
  /**
   * Error statuses the route's own handler may answer (404, 409, 429, …). The mount adds those it causes
   * itself: 400 for schemas, 401/403 for auth, 413/415 for a body, 503 while shutting down.
   */
  errors?: number[];
  /** Kept out of /openapi.json (dev-only pages). */
  hidden?: boolean;
  handler(input: RouteInput<P, Q, B>): Promise<RouteResult<R>>;
}

/** Identity function that keeps each route's own types while the table holds them side by side. */
export function defineRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(def: RouteDef<P, Q, B, R>): RouteDef {
  return def as unknown as RouteDef;
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const idParam = z.object({ id: plainId });
