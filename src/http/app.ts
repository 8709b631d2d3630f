import { Router } from '@koa/router';
import Koa from 'koa';
import { consoleStatic } from './console-static';
import { errorHandler } from './error-handler';
import { buildOpenApi, mountRoutes } from './mount';
import type { Authenticators, RouteDef } from './route';
import type { Logger } from '../shared/logger';

export interface AppDeps {
  routes: RouteDef[];
  auth: Authenticators;
  log: Logger;
  version: string;
  /** TRUST_PROXY_HOPS: how many proxies in front of us append to X-Forwarded-For. */
  trustProxyHops: number;
  /** While shutting down, new requests get 503 instead of starting work. */
  isShuttingDown(): boolean;
  /** The built staff console (dist/console), served at /console. */
  consoleDir?: string;
}

/** Builds the Koa app; never listens (main.ts does, supertest drives this directly). */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  // ctx.ip is the client: with no trusted proxy the socket's peer (X-Forwarded-For ignored, since anyone
  // can send it); with N, Koa keeps the last N entries and takes the first of them, i.e. the address the
  // outermost trusted proxy saw, so entries a client wrote to the left of it never count.
  app.proxy = deps.trustProxyHops > 0;
  app.maxIpsCount = deps.trustProxyHops;
  app.silent = true;
  const router = new Router();
  const openapi = buildOpenApi(deps.routes, { title: 'laoke API', version: deps.version });
  router.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  mountRoutes(router, deps.routes, deps.auth);

  app.use(errorHandler(deps.log));
  app.use(async (ctx, next) => {
    if (deps.isShuttingDown()) {
      ctx.status = 503;
      ctx.set('Connection', 'close');
      ctx.body = { error: { code: 'unavailable', message: 'Shutting down' } };
      return;
    }
    try {
      await next();
    } finally {
      // Shutdown began while this request ran: its connection is not kept for another one.
      if (deps.isShuttingDown()) ctx.set('Connection', 'close');
    }
  });
  if (deps.consoleDir) app.use(consoleStatic({ dir: deps.consoleDir }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
