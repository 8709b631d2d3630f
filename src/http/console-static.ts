import { createReadStream, existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type Koa from 'koa';

/** Where the console lives, and the paths a browser may open to reach it. */
export const CONSOLE_PATH = '/console';
const BROWSER_ENTRY_PATHS = new Set(['/', '/admin', '/admin/', '/admin/dashboard']);

/** Vite puts content-hashed files under assets/: their name changes with their content, so they never go stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt']);
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The sign-in link carries its code in the query: never hand it on to another site.
  'Referrer-Policy': 'no-referrer',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>老客后台</title><p>后台页面还没有构建：请在项目目录运行 <code>npm run build:console</code>（或重新 <code>npm start</code>），然后刷新本页。</p>`;

/** The file under `root` a request path names, or null for anything outside it or not a plain file. */
function fileUnder(root: string, rel: string): { path: string; stat: Stats } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((s) => s === '..')) return null;
  const path = resolve(root, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const stat = statSync(path);
    return stat.isFile() ? { path, stat } : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built console (`dist/console`) at /console: its files, index.html for any other path without
 * a file extension (the single-page app's own routes), long caching for hashed assets, revalidation for
 * index.html, gzip for text; and sends a browser that opens /, /admin or /admin/dashboard to /console.
 */
export function consoleStatic(opts: { dir: string }): Koa.Middleware {
  const root = resolve(opts.dir);
  const gzipped = new Map<string, { mtimeMs: number; size: number; body: Buffer }>();

  const gzipOf = (path: string, stat: Stats): Buffer => {
    const hit = gzipped.get(path);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.body;
    const body = gzipSync(readFileSync(path), { level: 9 });
    gzipped.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, body });
    return body;
  };

  const send = (ctx: Koa.Context, file: { path: string; stat: Stats }, cacheControl: string): void => {
    ctx.set(SECURITY_HEADERS);
    ctx.set('Cache-Control', cacheControl);
    ctx.type = extname(file.path) || 'application/octet-stream';
    ctx.lastModified = file.stat.mtime;
    ctx.etag = `W/"${file.stat.size.toString(16)}-${Math.floor(file.stat.mtimeMs).toString(16)}"`;
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    const compressible = COMPRESSIBLE.has(extname(file.path).toLowerCase()) && file.stat.size > 1024;
    if (compressible) ctx.vary('Accept-Encoding');
    if (compressible && ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = gzipOf(file.path, file.stat);
      return;
    }
    ctx.length = file.stat.size;
    ctx.body = createReadStream(file.path);
  };

  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (BROWSER_ENTRY_PATHS.has(ctx.path)) {
      // A person's browser asks for a page; an API client (Accept: application/json or */*) still gets JSON.
      if (ctx.accepts('json', 'html') === 'html') return ctx.redirect(`${CONSOLE_PATH}/`);
      return next();
    }
    // The app is built for the base /console/ (its router and relative URLs): /console gets the slash.
    if (ctx.path === CONSOLE_PATH) return ctx.redirect(`${CONSOLE_PATH}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
    if (!ctx.path.startsWith(`${CONSOLE_PATH}/`)) return next();
    const rel = ctx.path.slice(CONSOLE_PATH.length);
    const file = rel === '/' ? null : fileUnder(root, rel);
    if (file) return send(ctx, file, rel.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
    // A missing file (a script of an older build) is a 404, not the page: only app routes fall back to it.
    if (/\.[A-Za-z0-9]+$/.test(rel)) return next();
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      ctx.status = 503;
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = NOT_BUILT;
      return;
    }
    send(ctx, { path: index, stat: statSync(index) }, 'no-cache');
  };
}
