import type { Response } from 'supertest';
import { IsNull } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { ConsoleSession } from '../../src/staff/console/console-session.entity';
import { ConsoleSignInCode } from '../../src/staff/console/sign-in-code.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/** The staff console's sign-in: `登录` in chat → one-time code → session cookie, CSRF, idle timeout, revocation. */
describe('staff console sessions', () => {
  let h: Harness;
  let manager: Staff;
  let lili: Staff;
  let client = 0;
  /** Each sign-in from its own client address, so the sign-in limit (20 a minute per address) stays out of the way. */
  const nextIp = () => `203.0.113.${(client++ % 250) + 1}`;

  const codeFrom = (reply: string) => /登录码：(\d{6})/.exec(reply)?.[1] ?? '';
  const codeFor = async (who: { id: string; name: string }) => codeFrom((await h.say(who, '登录'))[0]);
  const cookieOf = (res: Response) => {
    const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('laoke_session='));
    return { raw: raw ?? '', pair: (raw ?? '').split(';')[0] };
  };
  const signIn = (body: object, ip = nextIp()) => h.http.post('/admin/session').set('X-Forwarded-For', ip).send(body);
  const signedIn = async (who: { id: string; name: string }) => {
    const res = await signIn({ code: await codeFor(who) });
    expect(res.status).toBe(200);
    return { cookie: cookieOf(res).pair, csrf: res.body.csrfToken as string };
  };

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    const repo = h.laoke.services.staff.repo;
    manager = await repo.findOneByOrFail({ wechatContactId: DEMO.manager.id });
    lili = await repo.findOneByOrFail({ wechatContactId: DEMO.lili.id });
  });
  afterAll(async () => {
    await h.close();
  });

  it('sends a staff member who types 登录 a six-digit code and a console link, and keeps only hashes and a masked log', async () => {
    const [reply] = await h.say(DEMO.manager, '登录');
    const code = codeFrom(reply);
    expect(code).toMatch(/^\d{6}$/);
    expect(reply).toContain(`http://localhost:3000/console/login?code=${code}`);
    expect(reply).toMatch(/5分钟内有效/);
    const stored = await h.laoke.ds.getRepository(ConsoleSignInCode).findOneByOrFail({ staffId: manager.id, usedAt: IsNull() });
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.codeHash).not.toContain(code);
    expect(stored.expiresAt.getTime() - h.clock.now().getTime()).toBe(5 * 60_000);
    const logged = await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: DEMO.manager.id, direction: 'out' } });
    expect(logged.at(-1)!.text).toMatch(/登录码：\*{6}/);
    expect(logged.map((m) => m.text).join('\n')).not.toContain(code);
  });

  it('exchanges the code for an HttpOnly, SameSite=Lax session cookie; GET /admin/session says who and gives the CSRF token', async () => {
    const code = await codeFor(DEMO.manager);
    const res = await signIn({ code });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ staff: { id: manager.id, name: '王店长', role: 'manager' }, csrfToken: expect.any(String), expiresAt: '2026-11-22T02:30:00.000Z' });
    const { raw, pair } = cookieOf(res);
    expect(raw).toMatch(/; path=\//);
    expect(raw).toMatch(/; httponly/i);
    expect(raw).toMatch(/; samesite=lax/i);
    expect(raw).not.toMatch(/; secure/i);
    const secret = pair.slice('laoke_session='.length);
    const rows = await h.laoke.ds.getRepository(ConsoleSession).findBy({ staffId: manager.id });
    expect(rows.some((r) => r.tokenHash === secret)).toBe(false);
    expect(rows.some((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);

    const me = await h.http.get('/admin/session').set('Cookie', pair);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ staff: { id: manager.id, role: 'manager' }, csrfToken: res.body.csrfToken });
    // The same cookie works on the staff API.
    const members = await h.http.get('/admin/members').set('Cookie', pair);
    expect(members.status).toBe(200);
    expect(members.body.items.length).toBeGreaterThan(0);
  });

  it('marks the cookie Secure when the request came over HTTPS through the trusted proxy', async () => {
    const res = await h.http.post('/admin/session').set('X-Forwarded-For', nextIp()).set('X-Forwarded-Proto', 'https').send({ code: await codeFor(DEMO.manager) });
    expect(res.status).toBe(200);
    expect(cookieOf(res).raw).toMatch(/; secure/i);
  });

  it('refuses a wrong, an expired and a used code with 401, and a code made void by a newer one', async () => {
    const wrong = await signIn({ code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');

    const used = await codeFor(DEMO.manager);
    expect((await signIn({ code: used })).status).toBe(200);
    expect((await signIn({ code: used })).status).toBe(401);

    const late = await codeFor(DEMO.manager);
    h.clock.advance(5 * 60_000);
    expect((await signIn({ code: late })).status).toBe(401);

    const older = await codeFor(DEMO.manager);
    const newer = await codeFor(DEMO.manager);
    expect((await signIn({ code: older })).status).toBe(older === newer ? 200 : 401);
    expect((await signIn({ body: 'x' })).status).toBe(400);
    expect((await h.http.get('/admin/session')).status).toBe(401);
  });

  it('lets only one of two simultaneous requests use a code', async () => {
    const code = await codeFor(DEMO.manager);
    const [a, b] = await Promise.all([signIn({ code }), signIn({ code })]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
  });

  it('ends a session left idle for CONSOLE_IDLE_MINUTES (30) and any session 12 hours after sign-in', async () => {
    const { cookie } = await signedIn(DEMO.manager);
    h.clock.advance(29 * 60_000);
    expect((await h.http.get('/admin/session').set('Cookie', cookie)).status).toBe(200);
    h.clock.advance(29 * 60_000);
    const still = await h.http.get('/admin/me').set('Cookie', cookie);
    expect(still.status).toBe(200);
    h.clock.advance(30 * 60_000);
    const idle = await h.http.get('/admin/me').set('Cookie', cookie);
    expect(idle.status).toBe(401);

    const busy = await signedIn(DEMO.manager);
    // Used every 25 minutes: alive at 11 h 40 min, over at 12 h 05 min.
    for (let step = 1; step <= 29; step++) {
      h.clock.advance(25 * 60_000);
      const res = await h.http.get('/admin/session').set('Cookie', busy.cookie);
      expect({ minutes: step * 25, status: res.status }).toEqual({ minutes: step * 25, status: step * 25 < 720 ? 200 : 401 });
    }
  });

  it('needs X-CSRF-Token on changes made with the cookie (403 csrf_failed without or wrong), never on reads or with a bearer token', async () => {
    const { cookie, csrf } = await signedIn(DEMO.manager);
    const missing = await h.http.post('/admin/members/1/notes').set('Cookie', cookie).send({ text: '没有 CSRF' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    const wrong = await h.http.post('/admin/members/1/notes').set('Cookie', cookie).set('X-CSRF-Token', `${csrf.slice(1)}x`).send({ text: '错的 CSRF' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('csrf_failed');
    const right = await h.http.post('/admin/members/1/notes').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ text: '有 CSRF' });
    expect(right.status).toBe(201);
    expect((await h.http.get('/admin/members/1/notes').set('Cookie', cookie)).status).toBe(200);
    const bearer = await h.http.post('/admin/members/1/notes').set('Authorization', `Bearer ${h.managerToken}`).set('Cookie', cookie).send({ text: '令牌' });
    expect(bearer.status).toBe(201);
    // The CSRF token of one session is no good for another.
    const other = await signedIn(DEMO.manager);
    expect((await h.http.post('/admin/members/1/notes').set('Cookie', other.cookie).set('X-CSRF-Token', csrf).send({ text: '别人的' })).status).toBe(403);
  });

  it('gives an assistant’s cookie 403 exactly where the assistant’s API token gets 403, and only their own members', async () => {
    const { cookie } = await signedIn(DEMO.lili);
    const token = await h.laoke.services.staff.issueToken(lili.id, { label: 'test' });
    for (const path of ['/admin/reports/complaints', '/admin/staff', '/admin/audit', '/admin/members', '/admin/me']) {
      const byCookie = await h.http.get(path).set('Cookie', cookie);
      const byToken = await h.http.get(path).set('Authorization', `Bearer ${token}`);
      expect({ path, status: byCookie.status }).toEqual({ path, status: byToken.status });
    }
    expect((await h.http.get('/admin/reports/complaints').set('Cookie', cookie)).status).toBe(403);
    const mine = await h.http.get('/admin/members').set('Cookie', cookie);
    expect(mine.body.items.length).toBeGreaterThan(0);
    for (const m of mine.body.items as { assistant: { id: number } | null }[]) expect(m.assistant?.id).toBe(lili.id);
  });

  it('does not give a member who types 登录 a code: the word goes to their assistant like any message', async () => {
    const before = await h.laoke.ds.getRepository(ConsoleSignInCode).count();
    const replies = await h.say(DEMO.chen, '登录');
    expect(replies.join('\n')).not.toMatch(/登录码/);
    expect(await h.laoke.ds.getRepository(ConsoleSignInCode).count()).toBe(before);
  });

  it('signs out with DELETE /admin/session (CSRF token needed), and audits sign-in and sign-out', async () => {
    const { cookie, csrf } = await signedIn(DEMO.manager);
    expect((await h.http.delete('/admin/session').set('Cookie', cookie)).status).toBe(403);
    const out = await h.http.delete('/admin/session').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(out.status).toBe(204);
    expect(cookieOf(out).raw).toMatch(/^laoke_session=;/);
    expect((await h.http.get('/admin/session').set('Cookie', cookie)).status).toBe(401);
    const audit = await h.laoke.ds.getRepository(AuditEntry).find({ where: { staffId: manager.id }, order: { id: 'ASC' } });
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('staff.session.start');
    expect(actions.at(-1)).toBe('staff.session.end');
    expect(audit.find((a) => a.action === 'staff.session.start')!.ip).toMatch(/^203\.0\.113\./);
  });

  it('lets an admin without WeChat sign in with a staff API token; a bad token is 401', async () => {
    const admin = await h.laoke.services.staff.create({ name: '老板', role: 'admin', wechatContactId: null });
    const token = await h.laoke.services.staff.issueToken(admin.id, { label: 'cli' });
    const res = await signIn({ token });
    expect(res.status).toBe(200);
    expect(res.body.staff).toEqual({ id: admin.id, name: '老板', role: 'admin' });
    expect((await h.http.get('/admin/staff').set('Cookie', cookieOf(res).pair)).status).toBe(200);
    expect((await signIn({ token: 'lks_notarealtokenatall' })).status).toBe(401);
  });

  it('revokes the sessions of a deactivated account (reactivating does not revive them), and on DELETE /admin/staff/:id/tokens', async () => {
    const admin = await h.laoke.services.staff.create({ name: '系统管理员', role: 'admin', wechatContactId: null });
    const adminToken = await h.laoke.services.staff.issueToken(admin.id, { label: 'test' });
    const other = await h.laoke.services.staff.create({ name: '副店长', role: 'manager', wechatContactId: 'staff-deputy' });
    const deputy = { id: 'staff-deputy', name: '副店长' };
    const first = await signedIn(deputy);
    const unused = await codeFor(deputy);
    const patch = (active: boolean) => h.http.patch(`/admin/staff/${other.id}`).set('Authorization', `Bearer ${adminToken}`).send({ active });
    expect((await patch(false)).status).toBe(200);
    expect((await patch(true)).status).toBe(200);
    expect((await h.http.get('/admin/session').set('Cookie', first.cookie)).status).toBe(401);
    expect((await signIn({ code: unused })).status).toBe(401);

    const second = await signedIn(deputy);
    expect((await h.http.delete(`/admin/staff/${other.id}/tokens`).set('Authorization', `Bearer ${adminToken}`)).status).toBe(200);
    expect((await h.http.get('/admin/session').set('Cookie', second.cookie)).status).toBe(401);
  });

  it('limits sign-in attempts to 20 a minute per client address (429 with Retry-After)', async () => {
    const ip = '198.51.100.77';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await signIn({ code: '123456' }, ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const limited = await signIn({ code: '123456' }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
