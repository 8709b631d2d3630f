import request from 'supertest';
import { loadConfig } from '../../src/config';
import { createLaoke } from '../../src/laoke';
import { createLogger } from '../../src/shared/logger';
import { createTestDatabase } from '../support/test-db';
import { DEMO, TEST_DATA_KEY, startHarness, type Harness } from '../support/harness';

const expectErrorBody = (body: unknown, code: string) => {
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(JSON.stringify(body)).not.toMatch(/at .+\.ts:\d+|SELECT|INSERT|node_modules/);
};

describe('HTTP errors, health and API description', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers an unknown route with 404 in the JSON error format', async () => {
    const res = await h.http.get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/json');
    expectErrorBody(res.body, 'not_found');
  });

  it('answers a wrong method with 405, the allowed methods, and the JSON error format', async () => {
    const res = await h.http.delete('/healthz');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toMatch(/GET/);
    expectErrorBody(res.body, 'method_not_allowed');
  });

  it('answers a body that is not valid JSON with 400', async () => {
    const res = await h.http.post('/dev/chat/messages').set('content-type', 'application/json').send('{"from": {"id": "wx-1",');
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'validation_failed');
    expect(res.body.error.message).toMatch(/not valid JSON/);
  });

  it('answers a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ from: DEMO.chen, text: 'x'.repeat(1_100_000) });
    const res = await h.http.post('/dev/chat/messages').set('content-type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expectErrorBody(res.body, 'payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await h.http.post('/dev/chat/messages').set('content-type', 'application/xml').send('<from/>');
    expect(res.status).toBe(415);
    expectErrorBody(res.body, 'unsupported_media_type');
  });

  it('answers invalid input with 400 and one detail per bad field', async () => {
    const res = await h.http.post('/dev/chat/messages').send({ from: { id: 'has space', name: '' }, text: 5, extra: true });
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'validation_failed');
    const paths = (res.body.error.details as { path: string; in: string }[]).map((d) => `${d.in}:${d.path}`);
    expect(paths).toEqual(expect.arrayContaining(['body:from.id', 'body:from.name', 'body:text']));
    expect(JSON.stringify(res.body.error.details)).toMatch(/extra/);
  });

  it('answers a bad query or path parameter with 400', async () => {
    const q = await h.http.get('/dev/chat/transcript');
    expect(q.status).toBe(400);
    expect(q.body.error.details[0]).toMatchObject({ in: 'query', path: 'contact' });
    const p = await h.http.post('/dev/jobs/bad%20name!/run');
    expect(p.status).toBe(400);
    expect(p.body.error.details[0]).toMatchObject({ in: 'path', path: 'name' });
  });

  it('answers a missing, malformed or unknown bearer token with 401', async () => {
    const missing = await h.http.get('/admin/chat/status');
    expect(missing.status).toBe(401);
    expectErrorBody(missing.body, 'unauthorized');
    const malformed = await h.http.get('/admin/chat/status').set('authorization', 'Token abc');
    expect(malformed.status).toBe(401);
    expectErrorBody(malformed.body, 'unauthorized');
    const unknown = await h.http.get('/admin/chat/status').set('authorization', 'Bearer lks_this-token-was-never-issued');
    expect(unknown.status).toBe(401);
    expectErrorBody(unknown.body, 'unauthorized');
    const ok = await h.http.get('/admin/chat/status').set('authorization', `Bearer ${h.managerToken}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ account: 'store', state: 'online', loginQr: null });
  });

  it('answers an unknown job with 404 listing the jobs', async () => {
    const res = await h.http.post('/dev/jobs/no-such-job/run');
    expect(res.status).toBe(404);
    expectErrorBody(res.body, 'not_found');
    expect(res.body.error.details.jobs).toContain('chat-housekeeping');
  });

  it('reports health as ok with the chat state', async () => {
    const res = await h.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      db: 'ok',
      chat: 'online',
      accounts: [
        { id: 'store', name: '老客小店', state: 'online', holder: h.laoke.lease.instanceId, leaseExpiresAt: expect.any(String), holderState: 'online' },
      ],
    });
  });

  it('describes every route in OpenAPI 3.1, with the error schema and without hidden pages', async () => {
    const res = await h.http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/healthz', '/admin/chat/status', '/admin/chat/qrcode', '/dev/chat/messages', '/dev/jobs/{name}/run']));
    expect(paths).not.toContain('/dev/chat');
    expect(res.body.paths['/dev/chat/messages'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect(res.body.paths['/admin/chat/status'].get.responses['401']).toBeDefined();
    expect(res.body.components.schemas.Error).toBeDefined();
    expect(res.body.components.securitySchemes.staffToken).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers the scripted chat contract: POST /dev/chat/messages with the bot replies', async () => {
    const res = await h.http.post('/dev/chat/messages').send({ from: { id: 'wx-script', name: '脚本' }, text: '你好' });
    expect(res.status).toBe(200);
    expect(res.body.replies).toHaveLength(2);
    expect(res.body.replies[0]).toMatch(/脚本/);
    const transcript = await h.http.get('/dev/chat/transcript').query({ contact: 'wx-script' });
    expect(transcript.body.messages.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out', 'out']);
  });
});

describe('health when the database is unreachable', () => {
  it('answers 503 with db down', async () => {
    const h = await startHarness({ seed: false });
    try {
      await h.laoke.ds.destroy();
      const res = await h.http.get('/healthz');
      expect(res.status).toBe(503);
      // The lease table is out of reach too: who holds the account is unknown.
      expect(res.body).toEqual({
        status: 'degraded',
        db: 'down',
        chat: 'online',
        accounts: [{ id: 'store', name: '老客小店', state: 'online', holder: null, leaseExpiresAt: null, holderState: null }],
      });
      // Other routes fail in the JSON error format, without SQL or stack traces.
      const other = await h.http.get('/dev/chat/transcript').query({ contact: 'wx-x' });
      expect(other.status).toBe(500);
      expectErrorBody(other.body, 'internal');
    } finally {
      await h.close();
    }
  });
});

describe('with a real WeChat puppet', () => {
  it('has no /dev routes (the app is built but the bot is not started)', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATA_DIR: db.dataDir,
      DATA_KEY: TEST_DATA_KEY,
      WECHATY_PUPPET: 'wechaty-puppet-wechat4u',
    });
    expect(config.devMode).toBe(false);
    const laoke = await createLaoke(config, { log: createLogger('silent') });
    try {
      expect(laoke.world).toBeNull();
      const http = request(laoke.app.callback());
      for (const path of ['/dev/chat', '/dev/chat/transcript?contact=x', '/dev/clock', '/dev/jobs']) {
        const res = await http.get(path);
        expect(res.status).toBe(404);
        expectErrorBody(res.body, 'not_found');
      }
      expect((await http.post('/dev/chat/messages').send({ from: { id: 'a', name: 'b' }, text: 'x' })).status).toBe(404);
      const openapi = await http.get('/openapi.json');
      expect(Object.keys(openapi.body.paths).filter((p) => p.startsWith('/dev'))).toEqual([]);
      expect(Object.keys(openapi.body.paths)).toContain('/admin/chat/qrcode');
      const health = await http.get('/healthz');
      // Never started: it took part in no lease.
      expect(health.body).toEqual({
        status: 'ok',
        db: 'ok',
        chat: 'stopped',
        accounts: [{ id: 'store', name: '老客小店', state: 'stopped', holder: null, leaseExpiresAt: null, holderState: null }],
      });
    } finally {
      await laoke.stop();
      await db.drop();
    }
  });
});
