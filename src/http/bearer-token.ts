import type Koa from 'koa';
import { UnauthorizedError } from '../shared/errors';

/** The token of an `Authorization: Bearer …` header; 401 when it is missing or malformed. */
export function bearerToken(ctx: Koa.Context): string {
  const header = ctx.get('authorization');
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{10,200})$/.exec(header);
  if (!m) throw new UnauthorizedError(header ? 'Malformed bearer token' : 'Missing bearer token');
  return m[1];
}
