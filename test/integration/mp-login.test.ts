import { Member } from '../../src/members/member.entity';
import { MpIdentity } from '../../src/miniprogram/mp-identity.entity';
import { MpSession } from '../../src/miniprogram/mp-session.entity';
import { startHarness, type Harness } from '../support/harness';
import { startWechatStub, type WechatStub } from '../support/wechat-stub';

let ipSeq = 0;
const nextIp = () => `10.1.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

describe('mini-program login through code2Session (appid configured, stub WeChat)', () => {
  let h: Harness;
  let wx: WechatStub;
  beforeAll(async () => {
    wx = await startWechatStub();
    h = await startHarness({
      env: { WECHAT_MP_APPID: wx.appid, WECHAT_MP_SECRET: wx.secret, WECHAT_API_BASE: wx.baseUrl, WECHAT_API_TIMEOUT_MS: '300' },
    });
  });
  afterAll(async () => {
    await h.close();
    await wx.close();
  });

  const login = (code: unknown, ip = nextIp()) => h.http.post('/mp/login').set('X-Forwarded-For', ip).send({ code });

  it('creates a member and returns a bearer token when WeChat accepts the code', async () => {
    const res = await login('ok-alice');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', isNewMember: true, member: { code: expect.stringMatching(/^M\d{6}$/), name: null, chatLinked: false } });
    expect(res.body.token).toMatch(/^lkm_/);
    expect(new Date(res.body.expiresAt).getTime() - h.clock.now().getTime()).toBe(30 * 86_400_000);
    const identity = await h.laoke.ds.getRepository(MpIdentity).findOneByOrFail({ openid: 'o_alice' });
    const member = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
    expect(member).toMatchObject({ code: res.body.member.code, source: 'mp' });
    expect(member.assistantId).not.toBeNull();
    // Only the hash of the token is stored.
    const sessions = await h.laoke.ds.getRepository(MpSession).findBy({ memberId: member.id });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(sessions)).not.toContain(res.body.token);
    const me = await h.http.get('/mp/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.code).toBe(res.body.member.code);
  });

  it('logs the same WeChat user into the same member the next time', async () => {
    const first = await login('ok-bob');
    const second = await login('ok-bob');
    expect(second.status).toBe(200);
    expect(second.body.isNewMember).toBe(false);
    expect(second.body.member.code).toBe(first.body.member.code);
    expect(second.body.token).not.toBe(first.body.token);
  });

  it('recognises a new openid with a known unionid as the same member', async () => {
    const first = await login('union-carol1-carol');
    const second = await login('union-carol2-carol');
    expect(second.body).toMatchObject({ isNewMember: false, member: { code: first.body.member.code } });
    expect(await h.laoke.ds.getRepository(MpIdentity).countBy({ unionid: 'u_carol' })).toBe(2);
  });

  it.each([
    ['bad-1', 401, 'unauthorized'],
    ['used-1', 401, 'unauthorized'],
    ['busy-1', 429, 'rate_limited'],
    ['risky-1', 403, 'forbidden'],
    ['syserr-1', 503, 'unavailable'],
    ['garbage-1', 503, 'unavailable'],
    ['shape-1', 503, 'unavailable'],
    ['http500-1', 503, 'unavailable'],
  ])('answers %s from WeChat with %i in the JSON error format', async (code, status, errorCode) => {
    const res = await login(code);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: expect.objectContaining({ code: errorCode, message: expect.any(String) }) });
    expect(res.body.token).toBeUndefined();
  });

  it('answers 503 when WeChat does not answer in time, and keeps serving', async () => {
    const started = Date.now();
    const res = await login('slow-1');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/in time/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await login('ok-afterslow')).status).toBe(200);
  });

  it('refuses dev: codes when an appid is configured, without asking WeChat', async () => {
    const before = wx.codes.length;
    const res = await login('dev:mallory');
    expect(res.status).toBe(401);
    expect(wx.codes.length).toBe(before);
    expect(await h.laoke.ds.getRepository(MpIdentity).countBy({ openid: 'dev_mallory' })).toBe(0);
  });

  it('rejects a missing code, a wrong type and unknown fields with 400 details', async () => {
    const missing = await h.http.post('/mp/login').set('X-Forwarded-For', nextIp()).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ path: 'code', in: 'body' });
    expect((await login(12345)).status).toBe(400);
    const extra = await h.http.post('/mp/login').set('X-Forwarded-For', nextIp()).send({ code: 'ok-x', memberId: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('validation_failed');
  });

  it('never writes the app secret or the token to the logs', async () => {
    const res = await login('ok-logcheck');
    await login('slow-2');
    await login('garbage-2');
    const logs = h.logLines.join('\n');
    expect(logs).not.toContain(wx.secret);
    expect(logs).not.toContain(res.body.token);
    expect(logs).not.toContain('c2Vzc2lvbmtleQ==');
  });

  it('limits login attempts per client with 429 and Retry-After', async () => {
    const ip = '10.9.9.9';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(`bad-${i}`, ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const limited = await login('ok-late', ip);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await login('ok-other', '10.9.9.10')).status).toBe(200);
  });
});

describe('member sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const login = async (openid: string) => {
    const res = await h.http.post('/mp/login').set('X-Forwarded-For', nextIp()).send({ code: `dev:${openid}` });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };

  it('accepts dev:<openid> codes in dev mode and refuses anything else', async () => {
    const token = await login('devuser');
    expect(token).toMatch(/^lkm_/);
    expect(await h.laoke.ds.getRepository(MpIdentity).countBy({ openid: 'dev_devuser' })).toBe(1);
    const plain = await h.http.post('/mp/login').send({ code: 'ok-devuser' });
    expect(plain.status).toBe(401);
    expect(plain.body.error.message).toMatch(/dev:/);
  });

  it('answers 401 to missing, malformed and unknown tokens', async () => {
    expect((await h.http.get('/mp/me')).status).toBe(401);
    expect((await h.http.get('/mp/me').set('Authorization', 'Bearer short')).status).toBe(401);
    expect((await h.http.get('/mp/me').set('Authorization', 'Basic dXNlcjpwYXNz')).status).toBe(401);
    const unknown = await h.http.get('/mp/me').set('Authorization', 'Bearer lkm_thisTokenWasNeverIssuedByLaoke00000000000');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('unauthorized');
  });

  it('does not take a staff token as a member session', async () => {
    const res = await h.http.get('/mp/me').set('Authorization', `Bearer ${h.managerToken}`);
    expect(res.status).toBe(401);
  });

  it('answers 401 once a session has expired', async () => {
    const token = await login('expiring');
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    h.clock.advance(30 * 86_400_000 - 1000);
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    h.clock.advance(2000);
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });

  it('revokes this session on logout, or every session with all=true', async () => {
    const a = await login('twodevices');
    const b = await login('twodevices');
    const c = await login('twodevices');
    expect((await h.http.post('/mp/logout').set('Authorization', `Bearer ${a}`).send({})).status).toBe(204);
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${a}`)).status).toBe(401);
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${b}`)).status).toBe(200);
    expect((await h.http.post('/mp/logout').set('Authorization', `Bearer ${b}`).send({ all: true })).status).toBe(204);
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${b}`)).status).toBe(401);
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${c}`)).status).toBe(401);
  });

  it('lists every mini-program route in /openapi.json with the member security scheme', async () => {
    const doc = (await h.http.get('/openapi.json')).body;
    const expected: [string, string][] = [
      ['/mp/login', 'post'],
      ['/mp/logout', 'post'],
      ['/mp/me', 'get'],
      ['/mp/me', 'patch'],
      ['/mp/me', 'delete'],
      ['/mp/me/export', 'get'],
      ['/mp/me/binding-code', 'post'],
      ['/mp/me/purchases', 'get'],
      ['/mp/me/complaints', 'get'],
      ['/mp/me/complaints', 'post'],
      ['/mp/me/survey', 'get'],
      ['/mp/me/survey', 'post'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op).toBeDefined();
      if (path !== '/mp/login') expect(op.security).toEqual([{ memberSession: [] }]);
    }
    expect(doc.paths['/mp/login'].post.responses['429']).toBeDefined();
    expect(doc.paths['/mp/me'].patch.requestBody.content['application/json'].schema).toBeDefined();
  });
});
