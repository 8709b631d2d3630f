import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/http/app';
import { createAuthenticators } from '../../src/http/auth';
import { createLogger } from '../../src/shared/logger';
import { UnauthorizedError } from '../../src/shared/errors';
import { startHarness, type Harness } from '../support/harness';

const INDEX = '<!doctype html><html><head><script type="module" src="/console/assets/index-3f9a1c.js"></script></head><body><div id="app"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('老客'.repeat(2000))});`;

/** The built console served at /console by the app itself (src/http/console-static.ts). */
describe('serving the staff console', () => {
  let dir: string;
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'laoke-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-3f9a1c.js'), SCRIPT);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(tmpdir(), 'laoke-console-secret.txt'), 'outside');
    const app = createApp({
      routes: [],
      auth: createAuthenticators({ staffToken: async () => Promise.reject(new UnauthorizedError()) }),
      log: createLogger('silent'),
      version: 'test',
      trustProxyHops: 0,
      isShuttingDown: () => false,
      consoleDir: dir,
    });
    http = request(app.callback());
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /console/ and for every app route under it (SPA), revalidated on each visit', async () => {
    const bare = await http.get('/console?code=123456');
    expect(bare.status).toBe(302);
    expect(bare.headers.location).toBe('/console/?code=123456');
    for (const path of ['/console/', '/console/login?code=123456', '/console/members/12', '/console/complaints/T20261122-0001']) {
      const res = await http.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.text).toBe(INDEX);
    }
    const first = await http.get('/console/');
    const again = await http.get('/console/').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
  });

  it('serves hashed assets with a year-long immutable cache, gzipped for browsers that take it', async () => {
    const res = await http.get('/console/assets/index-3f9a1c.js').set('Accept-Encoding', 'gzip, br').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    // superagent has already unzipped the body.
    expect((res.body as Buffer).toString('utf8')).toBe(SCRIPT);
    const plain = await http.get('/console/assets/index-3f9a1c.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(SCRIPT);
    const icon = await http.get('/console/favicon.svg');
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing file and never serves anything outside the build', async () => {
    expect((await http.get('/console/assets/index-old.js')).status).toBe(404);
    for (const path of ['/console/../laoke-console-secret.txt', '/console/%2e%2e/laoke-console-secret.txt', '/console/assets/%2e%2e%2f%2e%2e%2flaoke-console-secret.txt', '/console/%00.js']) {
      const res = await http.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).not.toContain('outside');
    }
  });

  it('sends a browser opening /, /admin or /admin/dashboard to /console; API clients still get JSON', async () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    for (const path of ['/', '/admin', '/admin/dashboard']) {
      const res = await http.get(path).set('Accept', browser);
      expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 302, location: '/console/' });
      const api = await http.get(path).set('Accept', 'application/json');
      expect({ path, status: api.status, type: api.headers['content-type'] }).toEqual({ path, status: 404, type: expect.stringMatching(/^application\/json/) });
    }
    expect((await http.get('/admin/dashboard').set('Accept', '*/*')).status).toBe(404);
  });
});

describe('the console in the running service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('redirects a browser from /admin to /console and answers /console (the build, or a page saying how to build it)', async () => {
    const res = await h.http.get('/admin').set('Accept', 'text/html');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/console/');
    const page = await h.http.get('/console/login');
    expect([200, 503]).toContain(page.status);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });
});
