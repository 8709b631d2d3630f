import { Member } from '../../src/members/member.entity';
import { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/** Staff accounts and tokens managed by admins; hand-over of a leaving assistant's members by a manager. */
describe('staff API: accounts, tokens and hand-over', () => {
  let h: Harness;
  let admin: string;
  let adminId: number;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    h = await startHarness();
    const a = await h.laoke.services.staff.create({ name: '系统管理员', role: 'admin' });
    adminId = a.id;
    admin = await h.laoke.services.staff.issueToken(a.id);
  });
  afterAll(async () => {
    await h.close();
  });

  it('lets an admin create a staff account whose first token works at once', async () => {
    const res = await h.http.post('/admin/staff').set(bearer(admin)).send({ name: '周晓', role: 'assistant', wechatContactId: 'staff-zhouxiao' });
    expect(res.status).toBe(201);
    expect(res.body.staff).toMatchObject({ name: '周晓', role: 'assistant', wechatContactId: 'staff-zhouxiao', active: true, memberCount: 0 });
    expect(res.body.token.token).toMatch(/^lks_/);
    expect(res.body.token.expiresAt).toBeNull();
    const me = await h.http.get('/admin/me').set(bearer(res.body.token.token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.staff.id, name: '周晓', role: 'assistant' });
    // The bot now knows her as staff in chat.
    expect((await h.laoke.services.staff.findByContact('staff-zhouxiao'))?.name).toBe('周晓');
  });

  it('refuses staff management to managers and assistants (403), and bad bodies (400, 409)', async () => {
    const asManager = await h.http.post('/admin/staff').set(bearer(h.managerToken!)).send({ name: 'X', role: 'assistant' });
    expect(asManager.status).toBe(403);
    expect(asManager.body.error.code).toBe('forbidden');
    const unknownField = await h.http.post('/admin/staff').set(bearer(admin)).send({ name: 'X', role: 'assistant', isBoss: true });
    expect(unknownField.status).toBe(400);
    const badRole = await h.http.post('/admin/staff').set(bearer(admin)).send({ name: 'X', role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.details[0].path).toBe('role');
    const dup = await h.http.post('/admin/staff').set(bearer(admin)).send({ name: '冒名', role: 'assistant', wechatContactId: 'staff-lili' });
    expect(dup.status).toBe(409);
  });

  it('lists staff with their member counts to managers and admins', async () => {
    const res = await h.http.get('/admin/staff').set(bearer(h.managerToken!));
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((s: { name: string; memberCount: number }) => [s.name, s.memberCount]));
    expect(byName).toMatchObject({ 李丽: 2, 张敏: 1, 王店长: 0 });
    const lili = await h.laoke.services.staff.issueToken(2);
    expect((await h.http.get('/admin/staff').set(bearer(lili))).status).toBe(403);
  });

  it('issues expiring tokens that stop working once expired (401)', async () => {
    const res = await h.http.post('/admin/staff/3/tokens').set(bearer(admin)).send({ label: '手机', ttlDays: 7 });
    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBe(new Date(h.clock.now().getTime() + 7 * 86_400_000).toISOString());
    const token = res.body.token as string;
    expect((await h.http.get('/admin/me').set(bearer(token))).status).toBe(200);
    h.clock.advance(7 * 86_400_000 + 1);
    const expired = await h.http.get('/admin/me').set(bearer(token));
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthorized');
    expect((await h.http.post('/admin/staff/3/tokens').set(bearer(admin)).send({ ttlDays: 0 })).status).toBe(400);
    expect((await h.http.post('/admin/staff/999/tokens').set(bearer(admin)).send({})).status).toBe(404);
  });

  it('revokes every token of a staff member (401 afterwards)', async () => {
    const t1 = await h.laoke.services.staff.issueToken(3);
    const t2 = await h.laoke.services.staff.issueToken(3);
    const res = await h.http.delete('/admin/staff/3/tokens').set(bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBeGreaterThanOrEqual(2);
    expect((await h.http.get('/admin/me').set(bearer(t1))).status).toBe(401);
    expect((await h.http.get('/admin/me').set(bearer(t2))).status).toBe(401);
  });

  it('answers 401 to malformed and missing tokens on every staff route', async () => {
    for (const header of ['', 'Bearer', 'Bearer short', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(300)}`]) {
      const req = h.http.get('/admin/me');
      const res = header ? await req.set('Authorization', header) : await req;
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('will not deactivate an assistant who still looks after members, nor an admin themselves', async () => {
    const res = await h.http.patch('/admin/staff/2').set(bearer(admin)).send({ active: false });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ memberCount: 2 });
    const self = await h.http.patch(`/admin/staff/${adminId}`).set(bearer(admin)).send({ active: false });
    expect(self.status).toBe(409);
    const nothing = await h.http.patch('/admin/staff/2').set(bearer(admin)).send({});
    expect(nothing.status).toBe(400);
  });

  it('renames a staff member and keeps the change in the audit log', async () => {
    const res = await h.http.patch('/admin/staff/3').set(bearer(admin)).send({ name: '张敏敏' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('张敏敏');
    const audit = await h.http.get('/admin/audit').query({ action: 'staff.update' }).set(bearer(admin));
    expect(audit.body.items[0]).toMatchObject({ target: { type: 'staff', id: '3' }, details: { fields: ['name'] } });
    await h.http.patch('/admin/staff/3').set(bearer(admin)).send({ name: '张敏' });
  });

  it('hands all members of a leaving assistant to a named successor, telling each member', async () => {
    // 张敏 (3) has 老刘; 周晓 takes him over.
    const zhouxiao = await h.laoke.ds.getRepository(Staff).findOneByOrFail({ name: '周晓' });
    const liu = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '刘先生' });
    const assistantToken = await h.laoke.services.staff.issueToken(2);
    expect((await h.http.post('/admin/staff/3/handover').set(bearer(assistantToken)).send({ successorId: zhouxiao.id })).status).toBe(403);
    expect((await h.http.post('/admin/staff/3/handover').set(bearer(h.managerToken!)).send({ successorId: 3 })).status).toBe(400);
    const before = (await h.sentTo(DEMO.liu.id)).length;
    const res = await h.http.post('/admin/staff/3/handover').set(bearer(h.managerToken!)).send({ successorId: zhouxiao.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: { id: 3 }, moved: 1, membersTold: 1, assignments: [{ assistant: { id: zhouxiao.id, name: '周晓' }, count: 1, memberIds: [liu.id] }], deactivated: false });
    expect((await h.sentTo(DEMO.liu.id)).slice(before)).toEqual([expect.stringMatching(/原来为您服务的导购张敏[\s\S]*导购周晓/)]);
    expect((await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: liu.id })).assistantId).toBe(zhouxiao.id);
  });

  it('spreads a leaving assistant’s members over the others, deactivates her and keeps every member’s history', async () => {
    const members = await h.laoke.ds.getRepository(Member).findBy({ assistantId: 2 });
    expect(members).toHaveLength(2);
    // Some history of 陈姐 that must survive the hand-over.
    await h.say(DEMO.chen, '你好呀');
    const lili = await h.laoke.services.staff.issueToken(2);
    const res = await h.http.post('/admin/staff/2/handover').set(bearer(h.managerToken!)).send({ deactivate: true });
    expect(res.status).toBe(200);
    expect(res.body.moved).toBe(2);
    expect(res.body.deactivated).toBe(true);
    // 张敏 had none and 周晓 one: the least loaded takes each member in turn, so the team ends even (2 and 1).
    const counts = Object.fromEntries(res.body.assignments.map((a: { assistant: { name: string }; count: number }) => [a.assistant.name, a.count]));
    expect(counts).toEqual({ 张敏: 2 });
    const loads = await h.http.get('/admin/staff').query({ active: 'true' }).set(bearer(h.managerToken!));
    const byName = Object.fromEntries(loads.body.items.map((s: { name: string; memberCount: number }) => [s.name, s.memberCount]));
    expect(byName).toMatchObject({ 张敏: 2, 周晓: 1 });
    expect(byName.李丽).toBeUndefined();
    for (const m of members) {
      const after = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: m.id });
      expect([3, (await h.laoke.ds.getRepository(Staff).findOneByOrFail({ name: '周晓' })).id]).toContain(after.assistantId);
    }
    expect((await h.sentTo(DEMO.chen.id)).pop()).toMatch(/原来为您服务的导购李丽/);
    expect((await h.http.get('/admin/me').set(bearer(lili))).status).toBe(401);
    expect((await h.laoke.ds.getRepository(Staff).findOneByOrFail({ id: 2 })).active).toBe(false);
    const chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    const detail = await h.http.get(`/admin/members/${chen.id}`).set(bearer(h.managerToken!));
    expect(detail.body.messages.some((m: { text: string }) => m.text === '你好呀')).toBe(true);
    const audit = await h.http.get('/admin/audit').query({ action: 'member.handover', memberId: chen.id }).set(bearer(h.managerToken!));
    expect(audit.body.items[0].details).toMatchObject({ from: 2 });
    // Nobody left to hand to when the last assistants go.
    const none = await h.http.post('/admin/staff/2/handover').set(bearer(h.managerToken!)).send({});
    expect(none.body.moved).toBe(0);
  });

  it('documents every staff account route in /openapi.json', async () => {
    const doc = (await h.http.get('/openapi.json')).body;
    for (const [path, method] of [
      ['/admin/me', 'get'],
      ['/admin/staff', 'get'],
      ['/admin/staff', 'post'],
      ['/admin/staff/{id}', 'patch'],
      ['/admin/staff/{id}/tokens', 'post'],
      ['/admin/staff/{id}/tokens', 'delete'],
      ['/admin/staff/{id}/handover', 'post'],
    ]) {
      expect(doc.paths[path]?.[method]?.responses).toBeDefined();
    }
    expect(doc.paths['/admin/staff'].post.responses['403']).toBeDefined();
  });
});
