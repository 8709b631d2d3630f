import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Member } from '../../src/members/member.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/**
 * The staff view of members: search, detail, tags, notes, reassignment; who may see what (assistants
 * their own members, managers the store), masking, the audit log, and phone numbers kept out of logs.
 */
describe('staff API: members', () => {
  let h: Harness;
  let manager: string;
  let lili: string;
  let zhangmin: string;
  let admin: string;
  let chen: Member;
  let liu: Member;
  let zhao: Member;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    h = await startHarness();
    manager = h.managerToken!;
    lili = await h.laoke.services.staff.issueToken(2);
    zhangmin = await h.laoke.services.staff.issueToken(3);
    const a = await h.laoke.services.staff.create({ name: '管理员', role: 'admin' });
    admin = await h.laoke.services.staff.issueToken(a.id);
    const repo = h.laoke.ds.getRepository(Member);
    chen = await repo.findOneByOrFail({ name: '陈女士' });
    liu = await repo.findOneByOrFail({ name: '刘先生' });
    zhao = await repo.findOneByOrFail({ nickname: '赵阿姨' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('seeds the expected assignment (chen and zhao with 李丽, liu with 张敏)', () => {
    expect([chen.assistantId, liu.assistantId, zhao.assistantId]).toEqual([2, 3, 2]);
  });

  it('lists the whole store for a manager with full phones, newest first, paginated', async () => {
    const res = await h.http.get('/admin/members?pageSize=2').set(bearer(manager));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((m: { id: number }) => m.id)).toEqual([zhao.id, liu.id]);
    expect(res.body.items[1]).toMatchObject({ code: liu.code, name: '刘先生', phone: '13900139002', phoneMasked: false, assistant: { id: 3, name: '张敏' }, restricted: false });
    const page2 = await h.http.get('/admin/members?pageSize=2&page=2').set(bearer(manager));
    expect(page2.body.items.map((m: { id: number }) => m.id)).toEqual([chen.id]);
  });

  it('lists only her own members for an assistant and refuses another assistant’s list', async () => {
    const res = await h.http.get('/admin/members').set(bearer(lili));
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { id: number }) => m.id).sort()).toEqual([chen.id, zhao.id].sort());
    const other = await h.http.get('/admin/members?assistantId=3').set(bearer(lili));
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
  });

  it('finds a member by exact phone through the lookup hash, masked for an assistant who does not look after them', async () => {
    const own = await h.http.get('/admin/members').query({ phone: '138 0013 8001' }).set(bearer(lili));
    expect(own.body.items).toEqual([expect.objectContaining({ id: chen.id, phone: '13800138001', phoneMasked: false, name: '陈女士' })]);
    const others = await h.http.get('/admin/members').query({ phone: '13900139002' }).set(bearer(lili));
    expect(others.status).toBe(200);
    expect(others.body.items).toEqual([
      expect.objectContaining({ id: liu.id, code: liu.code, phone: '139****9002', phoneMasked: true, name: null, restricted: true, assistant: { id: 3, name: '张敏' } }),
    ]);
    expect(JSON.stringify(others.body)).not.toContain('13900139002');
    const none = await h.http.get('/admin/members').query({ phone: '13700000000' }).set(bearer(manager));
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const bad = await h.http.get('/admin/members').query({ phone: '12345' }).set(bearer(manager));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'phone' });
  });

  it('filters by name, code, tier, lifecycle and assistant', async () => {
    const byName = await h.http.get('/admin/members').query({ name: '阿姨' }).set(bearer(manager));
    expect(byName.body.items.map((m: { id: number }) => m.id)).toEqual([zhao.id]);
    const wildcard = await h.http.get('/admin/members').query({ name: '%' }).set(bearer(manager));
    expect(wildcard.body.total).toBe(0);
    const byCode = await h.http.get('/admin/members').query({ code: liu.code.toLowerCase() }).set(bearer(manager));
    expect(byCode.body.items.map((m: { id: number }) => m.id)).toEqual([liu.id]);
    await h.laoke.ds.getRepository(Member).update({ id: chen.id }, { tier: 'gold', lifecycle: 'regular' });
    const gold = await h.http.get('/admin/members').query({ tier: 'gold' }).set(bearer(manager));
    expect(gold.body.items.map((m: { id: number }) => m.id)).toEqual([chen.id]);
    const regular = await h.http.get('/admin/members').query({ lifecycle: 'regular' }).set(bearer(manager));
    expect(regular.body.items.map((m: { id: number }) => m.id)).toEqual([chen.id]);
    const byAssistant = await h.http.get('/admin/members').query({ assistantId: 3 }).set(bearer(manager));
    expect(byAssistant.body.items.map((m: { id: number }) => m.id)).toEqual([liu.id]);
    await h.laoke.services.members.setOptOut(liu.id, true);
    const optedOut = await h.http.get('/admin/members').query({ optedOut: 'true' }).set(bearer(manager));
    expect(optedOut.body.items.map((m: { id: number }) => m.id)).toEqual([liu.id]);
    await h.laoke.services.members.setOptOut(liu.id, false);
    const badLifecycle = await h.http.get('/admin/members').query({ lifecycle: 'vip' }).set(bearer(manager));
    expect(badLifecycle.status).toBe(400);
  });

  it('rejects unknown query parameters instead of ignoring them', async () => {
    const res = await h.http.get('/admin/members').query({ phoneNumber: '13800138001' }).set(bearer(manager));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('adds and removes tags, and finds members by tag', async () => {
    const add = await h.http.post(`/admin/members/${chen.id}/tags`).set(bearer(lili)).send({ tags: ['爱穿裙装', '孕妈', '爱穿裙装'] });
    expect(add.status).toBe(200);
    expect(add.body.tags.sort()).toEqual(['孕妈', '爱穿裙装'].sort());
    const byTag = await h.http.get('/admin/members').query({ tag: '孕妈' }).set(bearer(manager));
    expect(byTag.body.items.map((m: { id: number }) => m.id)).toEqual([chen.id]);
    expect(byTag.body.items[0].tags).toContain('孕妈');
    const del = await h.http.delete(`/admin/members/${chen.id}/tags/${encodeURIComponent('孕妈')}`).set(bearer(lili));
    expect(del.body.tags).toEqual(['爱穿裙装']);
    const again = await h.http.delete(`/admin/members/${chen.id}/tags/${encodeURIComponent('孕妈')}`).set(bearer(lili));
    expect(again.status).toBe(404);
    const unknownField = await h.http.post(`/admin/members/${chen.id}/tags`).set(bearer(lili)).send({ tags: ['x'], color: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details[0].code).toBe('unrecognized_keys');
    const empty = await h.http.post(`/admin/members/${chen.id}/tags`).set(bearer(lili)).send({ tags: [] });
    expect(empty.status).toBe(400);
  });

  it('keeps staff notes on a member', async () => {
    const res = await h.http.post(`/admin/members/${chen.id}/notes`).set(bearer(lili)).send({ text: '喜欢深色，M码' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ text: '喜欢深色，M码', staff: { id: 2, name: '李丽' } });
    const list = await h.http.get(`/admin/members/${chen.id}/notes`).set(bearer(manager));
    expect(list.body.items.map((n: { text: string }) => n.text)).toEqual(['喜欢深色，M码']);
    const blank = await h.http.post(`/admin/members/${chen.id}/notes`).set(bearer(lili)).send({ text: '   ' });
    expect(blank.status).toBe(400);
  });

  it('shows a member’s profile, contact, consents, notes, purchases, messages and complaints to their assistant', async () => {
    await h.say(DEMO.chen, '这件外套还有M码吗');
    await h.laoke.ds.getRepository(Member).update({ id: chen.id }, { addressEnc: h.laoke.cipher.encrypt('上海市黄浦区南京东路1号') });
    const res = await h.http.get(`/admin/members/${chen.id}`).set(bearer(lili));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: chen.id,
      name: '陈女士',
      phone: '13800138001',
      address: '上海市黄浦区南京东路1号',
      birthday: { calendar: 'lunar', month: 8, day: 15, year: 1978, leapMonth: false },
      isMother: true,
      tags: ['爱穿裙装'],
      purchases: { summary: { count: 0, totalFen: 0 }, recent: [] },
    });
    expect(res.body.consents.map((c: { purpose: string }) => c.purpose)).toEqual(expect.arrayContaining(['profile', 'birthday']));
    expect(res.body.notes[0].text).toBe('喜欢深色，M码');
    expect(res.body.messages.some((m: { direction: string; text: string }) => m.direction === 'in' && m.text === '这件外套还有M码吗')).toBe(true);
    expect(Array.isArray(res.body.complaints) || res.body.complaints === null).toBe(true);
  });

  it('never lets an assistant reach another assistant’s member, whatever the id', async () => {
    for (const req of [
      h.http.get(`/admin/members/${liu.id}`),
      h.http.get(`/admin/members/${liu.id}/notes`),
      h.http.post(`/admin/members/${liu.id}/notes`).send({ text: '偷看' }),
      h.http.post(`/admin/members/${liu.id}/tags`).send({ tags: ['x'] }),
      h.http.delete(`/admin/members/${liu.id}/tags/x`),
    ]) {
      const res = await req.set(bearer(lili));
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await h.laoke.ds.getRepository(AuditEntry).countBy({ memberId: liu.id, staffId: 2 })).toBe(0);
  });

  it('answers 404 for an unknown member and 400 for a malformed id', async () => {
    expect((await h.http.get('/admin/members/9999').set(bearer(manager))).status).toBe(404);
    const bad = await h.http.get('/admin/members/abc').set(bearer(manager));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'id', in: 'path' });
  });

  it('keeps member data from the admin role (accounts and settings only) and from callers without a valid token', async () => {
    expect((await h.http.get('/admin/members').set(bearer(admin))).status).toBe(403);
    expect((await h.http.get('/admin/members')).status).toBe(401);
    const malformed = await h.http.get('/admin/members').set('Authorization', 'Bearer !!');
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.code).toBe('unauthorized');
    expect((await h.http.get('/admin/members').set(bearer('lks_this-token-does-not-exist'))).status).toBe(401);
  });

  it('lets a manager reassign a member, tells the member in chat who looks after them now, and tells the new assistant', async () => {
    const forbidden = await h.http.post(`/admin/members/${zhao.id}/reassign`).set(bearer(lili)).send({ assistantId: 3 });
    expect(forbidden.status).toBe(403);
    const before = (await h.sentTo(DEMO.zhao.id)).length;
    const res = await h.http.post(`/admin/members/${zhao.id}/reassign`).set(bearer(manager)).send({ assistantId: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberId: zhao.id, assistant: { id: 3, name: '张敏' }, changed: true, memberTold: true });
    const told = (await h.sentTo(DEMO.zhao.id)).slice(before);
    expect(told).toEqual([expect.stringMatching(/导购张敏/)]);
    expect((await h.sentTo(DEMO.zhangmin.id)).pop()).toMatch(zhao.code);
    expect((await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: zhao.id })).assistantId).toBe(3);
    // 李丽 no longer reaches her; 张敏 now does.
    expect((await h.http.get(`/admin/members/${zhao.id}`).set(bearer(lili))).status).toBe(403);
    expect((await h.http.get(`/admin/members/${zhao.id}`).set(bearer(zhangmin))).status).toBe(200);
    const same = await h.http.post(`/admin/members/${zhao.id}/reassign`).set(bearer(manager)).send({ assistantId: 3 });
    expect(same.body.changed).toBe(false);
    expect((await h.http.post(`/admin/members/${zhao.id}/reassign`).set(bearer(manager)).send({ assistantId: 1 })).status).toBe(404);
  });

  it('writes every read and change to the audit log, readable by managers only', async () => {
    const res = await h.http.get('/admin/audit').query({ memberId: chen.id, pageSize: 100 }).set(bearer(manager));
    expect(res.status).toBe(200);
    const actions = res.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.read', 'member.tag.add', 'member.tag.remove', 'member.note.add', 'member.notes.read']));
    const read = res.body.items.find((e: { action: string }) => e.action === 'member.read');
    expect(read).toMatchObject({ staff: { id: 2, name: '李丽', role: 'assistant' }, memberId: chen.id, at: h.clock.now().toISOString() });
    const reassign = await h.http.get('/admin/audit').query({ action: 'member.reassign' }).set(bearer(manager));
    expect(reassign.body.items[0]).toMatchObject({ memberId: zhao.id, staff: { name: '王店长' }, details: { from: 2, to: 3 } });
    const searches = await h.http.get('/admin/audit').query({ action: 'member.search', staffId: 2 }).set(bearer(manager));
    expect(searches.body.total).toBeGreaterThan(0);
    // The audit log itself never holds a phone number.
    const all = await h.laoke.ds.getRepository(AuditEntry).find();
    expect(JSON.stringify(all)).not.toMatch(/13800138001|13900139002/);
    expect((await h.http.get('/admin/audit').set(bearer(lili))).status).toBe(403);
    expect((await h.http.get('/admin/audit').query({ from: 'yesterday' }).set(bearer(manager))).status).toBe(400);
  });

  it('never writes a phone number or an address to the logs', () => {
    const logs = h.logLines.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toMatch(/13800138001|13900139002|138 0013 8001|南京东路1号/);
  });

  it('caps the count of a broad search and says so, so a page of a large store stays cheap', async () => {
    const now = h.clock.now();
    const rows = Array.from({ length: 1001 }, (_, i) => ({ code: `X${String(i).padStart(6, '0')}`, tier: 'diamond', assistantId: 3, source: 'staff' as const, createdAt: now, updatedAt: now }));
    for (let i = 0; i < rows.length; i += 250) await h.laoke.ds.getRepository(Member).insert(rows.slice(i, i + 250));
    const res = await h.http.get('/admin/members').query({ tier: 'diamond', pageSize: 5 }).set(bearer(manager));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1000, totalCapped: true, page: 1, pageSize: 5 });
    expect(res.body.items).toHaveLength(5);
    const small = await h.http.get('/admin/members').query({ tier: 'gold' }).set(bearer(manager));
    expect(small.body).toMatchObject({ total: 1, totalCapped: false });
  });

  it('documents every staff member route in /openapi.json', async () => {
    const doc = (await h.http.get('/openapi.json')).body;
    for (const [path, method] of [
      ['/admin/members', 'get'],
      ['/admin/members/{id}', 'get'],
      ['/admin/members/{id}/tags', 'post'],
      ['/admin/members/{id}/tags/{tag}', 'delete'],
      ['/admin/members/{id}/notes', 'get'],
      ['/admin/members/{id}/notes', 'post'],
      ['/admin/members/{id}/reassign', 'post'],
      ['/admin/audit', 'get'],
    ]) {
      expect(doc.paths[path]?.[method]).toBeDefined();
      expect(doc.paths[path][method].security).toEqual([{ staffToken: [] }, { consoleSession: [] }]);
    }
    expect(doc.paths['/admin/members'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['phone', 'tier', 'tag', 'lifecycle', 'assistantId']));
  });
});
