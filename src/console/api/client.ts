import createClient, { type Middleware } from 'openapi-fetch';
import type { contractPaths } from './contract';
import type { paths as generatedPaths } from './openapi';
import { apiEvents } from './api-events';

/** Every staff route the console calls: generated from /openapi.json, plus the contract's routes not in it yet. */
export type paths = generatedPaths & Omit<contractPaths, keyof generatedPaths>;

/** The JSON success body of a route, e.g. `Body<'/admin/members', 'get'>`. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The session cookie rides along by itself; state-changing requests also carry the CSRF token (contract).
 * A 401 means the session ended: the console goes back to the sign-in page.
 */
const session: Middleware = {
  onRequest({ request }) {
    const token = apiEvents.csrfToken();
    if (token && UNSAFE.has(request.method)) request.headers.set('X-CSRF-Token', token);
    return request;
  },
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && path !== '/admin/session') apiEvents.signedOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);

export interface ApiErrorDetail {
  in?: string;
  path?: string;
  message: string;
}

/** An error answer of the API, with its status, code and per-field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** The answer's `details` as sent, when it is not a list of field problems (e.g. a 409's `{balance}`). */
    readonly data: unknown = undefined,
  ) {
    super(message);
  }

  /** The message of one field's problem (a 400 names the field in `details[].path`). */
  field(name: string): string | null {
    return this.details.find((d) => d.path === name)?.message ?? null;
  }
}

/** The data of an openapi-fetch answer, or an ApiError. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: unknown } };
  const details = Array.isArray(body.error?.details) ? (body.error.details as ApiErrorDetail[]) : [];
  throw new ApiError(response.status, body.error?.code ?? `http_${response.status}`, body.error?.message ?? response.statusText, details, body.error?.details);
}
