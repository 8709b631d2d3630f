import { UnavailableError } from '../../src/shared/errors';
import { IsNull, Not } from 'typeorm';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { MemberConsent } from '../../src/members/member-consent.entity';
import { Member } from '../../src/members/member.entity';
import { MpIdentity } from '../../src/miniprogram/mp-identity.entity';
import { MpSession } from '../../src/miniprogram/mp-session.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';

describe('the member’s own data in the mini-program', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const login = (openid: string): Promise<string> => mpLogin(h, openid);
  const as = (token: string) => ({
    get: (path: string) => h.http.get(path).set('Authorization', `Bearer ${token}`),
    patch: (path: string, body: unknown) => h.http.patch(path).set('Authorization', `Bearer ${token}`).send(body as object),
    post: (path: string, body: unknown = {}) => h.http.post(path).set('Authorization', `Bearer ${token}`).send(body as object),
    del: (path: string) => h.http.delete(path).set('Authorization', `Bearer ${token}`),
  });
  const addPurchase = (memberId: number, key: string, amountFen: number, at = h.clock.now()) =>
    h.laoke.ds.getRepository(Purchase).insert({
      memberId,
      purchasedAt: at,
      items: `商品${key}`,
      category: '服装',
      quantity: 1,
      amountFen,
      store: '一店',
      assistantId: 2,
      idempotencyKey: `mp-profile-${key}`,
      source: 'api',
      isFirstPurchase: false,
      createdAt: h.clock.now(),
    });
  const memberByCode = (code: string) => h.laoke.ds.getRepository(Member).findOneByOrFail({ code });

  it('shows a new member an empty profile with their assistant', async () => {
    const me = await as(await login('fresh')).get('/mp/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: null, phone: null, birthday: null, optedOut: false, chatLinked: false, consents: [], extra: {}, tier: 'none', lifecycle: 'prospect' });
    expect(['李丽', '张敏']).toContain(me.body.assistant.name);
  });

  it('needs consent for a purpose before storing its fields, and records the consent', async () => {
    const u = as(await login('consent'));
    const refused = await u.patch('/mp/me', { name: '周女士', phone: '138 0000 1111' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'name', code: 'consent_required' }), expect.objectContaining({ path: 'phone', code: 'consent_required' })]),
    );
    const ok = await u.patch('/mp/me', { name: '周女士', phone: '+86 138 0000 1111', consents: { profile: true } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: '周女士', phone: '13800001111' });
    expect(ok.body.consents).toEqual([expect.objectContaining({ purpose: 'profile', channel: 'mp', grantedAt: h.clock.now().toISOString() })]);
    const row = await memberByCode(ok.body.code);
    expect(row.phoneEnc).not.toContain('13800001111');
    expect(row.phoneHash).toBe(h.laoke.services.members.phoneLookupHash('13800001111'));
    // Later changes in the same purpose need no new consent.
    expect((await u.patch('/mp/me', { gender: 'female', ageRange: '35-44' })).body).toMatchObject({ gender: 'female', ageRange: '35-44' });
  });

  it('takes birthdays solar or lunar, and refuses impossible ones field by field', async () => {
    const u = as(await login('birthday'));
    const bad = await u.patch('/mp/me', { birthday: { calendar: 'solar', year: 2023, month: 2, day: 29 }, consents: { birthday: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'birthday', code: 'invalid_date' });
    const noLeap = await u.patch('/mp/me', { birthday: { calendar: 'lunar', year: 2024, month: 4, day: 3, leapMonth: true }, consents: { birthday: true } });
    expect(noLeap.status).toBe(400);
    const day30 = await u.patch('/mp/me', { birthday: { calendar: 'lunar', year: 2023, month: 2, day: 30, leapMonth: true }, consents: { birthday: true } });
    expect(day30.status).toBe(400);
    const ok = await u.patch('/mp/me', { birthday: { calendar: 'lunar', year: 2023, month: 2, day: 29, leapMonth: true }, consents: { birthday: true } });
    expect(ok.status).toBe(200);
    expect(ok.body.birthday).toEqual({ calendar: 'lunar', year: 2023, month: 2, day: 29, leapMonth: true });
  });

  it('validates every field and rejects unknown ones instead of storing them', async () => {
    const u = as(await login('validate'));
    const res = await u.patch('/mp/me', { email: 'not-an-email', gender: 'x', ageRange: '20s', phone: '12345', consents: { profile: true } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'gender', 'ageRange']));
    expect((await u.patch('/mp/me', { tier: 'diamond' })).status).toBe(400);
    expect((await u.patch('/mp/me', { extra: { salary: 100 }, consents: { preferences: true } })).status).toBe(400);
    const phone = await u.patch('/mp/me', { phone: '12345', consents: { profile: true } });
    expect(phone.status).toBe(400);
    expect(phone.body.error.details[0]).toMatchObject({ path: 'phone', code: 'phone.too_short' });
    expect((await u.get('/mp/me')).body.tier).toBe('none');
  });

  it('merges deep-profile fields progressively and removes those sent as null', async () => {
    const u = as(await login('deep'));
    await u.patch('/mp/me', { extra: { hobbies: ['登山'], children: 2 }, isMother: true, consents: { preferences: true } }).expect(200);
    const r = await u.patch('/mp/me', { extra: { preferredContactTime: 'evening', children: null } });
    expect(r.body.extra).toEqual({ hobbies: ['登山'], preferredContactTime: 'evening' });
    expect(r.body.isMother).toBe(true);
  });

  it('withdrawing a consent clears the data of that purpose', async () => {
    const u = as(await login('withdraw'));
    await u.patch('/mp/me', { address: '上海市徐汇区某路1号', consents: { address: true } }).expect(200);
    const r = await u.patch('/mp/me', { consents: { address: false } });
    expect(r.status).toBe(200);
    expect(r.body.address).toBeNull();
    expect(r.body.consents.map((c: { purpose: string }) => c.purpose)).not.toContain('address');
    const row = await memberByCode(r.body.code);
    expect(row.addressEnc).toBeNull();
    expect(await h.laoke.ds.getRepository(MemberConsent).countBy({ memberId: row.id, purpose: 'address' })).toBe(1);
  });

  it('opts out of and back in to proactive messages', async () => {
    const u = as(await login('optout'));
    expect((await u.patch('/mp/me', { optedOut: true })).body.optedOut).toBe(true);
    expect((await u.get('/mp/me')).body.optedOut).toBe(true);
    expect((await u.patch('/mp/me', { optedOut: false })).body.optedOut).toBe(false);
  });

  it('lists only the member’s own purchases, newest first, with a 12-month total', async () => {
    const tokenA = await login('buyer-a');
    const tokenB = await login('buyer-b');
    const a = await memberByCode((await as(tokenA).get('/mp/me')).body.code);
    const b = await memberByCode((await as(tokenB).get('/mp/me')).body.code);
    await addPurchase(a.id, 'a1', 12000, new Date(h.clock.now().getTime() - 400 * 86_400_000));
    await addPurchase(a.id, 'a2', 50050, new Date(h.clock.now().getTime() - 86_400_000));
    await addPurchase(b.id, 'b1', 99900);
    const res = await as(tokenA).get('/mp/me/purchases?pageSize=1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 1, last12MonthsFen: 50050 });
    expect(res.body.items).toEqual([expect.objectContaining({ items: '商品a2', amountFen: 50050, amount: '500.50', assistant: '李丽' })]);
    expect((await as(tokenA).get('/mp/me/purchases?page=2&pageSize=1')).body.items[0].items).toBe('商品a1');
    // Ids in the query are not a way into someone else's data.
    expect((await as(tokenA).get(`/mp/me/purchases?memberId=${b.id}`)).status).toBe(400);
    expect((await as(tokenA).get('/mp/me/purchases?pageSize=1000')).status).toBe(400);
  });

  it('never lets one member read or change another’s data, whatever ids are sent', async () => {
    const tokenA = await login('iso-a');
    const tokenB = await login('iso-b');
    await as(tokenB).patch('/mp/me', { name: '乙', consents: { profile: true } }).expect(200);
    const b = await memberByCode((await as(tokenB).get('/mp/me')).body.code);
    for (const body of [{ memberId: b.id, name: '甲' }, { id: b.id }, { code: b.code }]) {
      const r = await as(tokenA).patch('/mp/me', body);
      expect(r.status).toBe(400);
    }
    expect((await as(tokenA).get(`/mp/me?memberId=${b.id}`)).body.code).not.toBe(b.code);
    expect((await as(tokenA).get(`/mp/members/${b.id}`)).status).toBe(404);
    expect((await as(tokenA).del(`/mp/me?memberId=${b.id}`)).status).toBe(200);
    expect((await as(tokenB).get('/mp/me')).body).toMatchObject({ code: b.code, name: '乙' });
  });

  it('reaches complaints through the complaints service, always as the session’s member', async () => {
    const token = await login('complainer');
    const me = await memberByCode((await as(token).get('/mp/me')).body.code);
    const complaints = h.laoke.services.complaints;
    const calls: unknown[] = [];
    // The real service, with its answers replaced, to see exactly what the mini-program asks of it.
    const list = jest.spyOn(complaints, 'listForMember').mockImplementation(async (memberId: number) => [{ ticketNo: 'T20261122-0001', memberId, status: 'open', rootCause: 'internal' }] as never);
    const open = jest.spyOn(complaints, 'open').mockImplementation(async (input: unknown) => {
      calls.push(input);
      return { ticketNo: 'T20261122-0002', status: 'open' } as never;
    });
    try {
      const listed = await as(token).get('/mp/me/complaints');
      expect(listed.status).toBe(200);
      // Only the member's own tickets are asked for, and staff-only fields stay out.
      expect(listed.body.items).toEqual([{ ticketNo: 'T20261122-0001', status: 'open' }]);
      expect(list).toHaveBeenCalledWith(me.id);
      const filed = await as(token).post('/mp/me/complaints', { description: '拉链坏了', category: 'quality', orderNo: 'R123' });
      expect(filed.status).toBe(201);
      expect(filed.body.ticketNo).toBe('T20261122-0002');
      expect(calls).toEqual([{ memberId: me.id, channel: 'mp', description: '拉链坏了', category: 'quality', orderNo: 'R123' }]);
      expect((await as(token).post('/mp/me/complaints', { description: '坏了', category: 'quality', memberId: 1 })).status).toBe(400);
      expect((await as(token).post('/mp/me/complaints', { description: '坏了', category: 'mood' })).status).toBe(400);
      // When the complaints service cannot answer, the member gets a clean 503, not a crash.
      list.mockRejectedValueOnce(new UnavailableError('Complaints are not available'));
      const down = await as(token).get('/mp/me/complaints');
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe('unavailable');
    } finally {
      list.mockRestore();
      open.mockRestore();
    }
  });

  it('files a complaint in the same ticket system as chat and lists it', async () => {
    const token = await login('realcomplaint');
    const filed = await as(token).post('/mp/me/complaints', { description: '新买的外套掉色了', category: 'quality' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ ticketNo: expect.stringMatching(/^T\d{8}-\d{4}$/), category: 'quality', channel: 'mp', description: '新买的外套掉色了' });
    const list = await as(token).get('/mp/me/complaints');
    expect(list.body.items.map((t: { ticketNo: string }) => t.ticketNo)).toEqual([filed.body.ticketNo]);
    // Another member does not see it.
    const other = await as(await login('othercomplaint')).get('/mp/me/complaints');
    expect(other.body.items).toEqual([]);
  });

  it('shows and answers the open survey through the surveys service', async () => {
    const token = await login('surveyed');
    const surveys = h.laoke.services.surveys;
    const answers: unknown[] = [];
    let open: unknown = { surveyKey: '2026Q4', questions: ['quality', 'nps'] };
    // The real service, with its answers replaced, to see exactly what the mini-program asks of it.
    const openFor = jest.spyOn(surveys, 'openForMember').mockImplementation(async () => open as never);
    const answer = jest.spyOn(surveys, 'answer').mockImplementation(async (_memberId: number, input: unknown) => {
      answers.push(input);
      open = null;
      return { status: 'completed' } as never;
    });
    try {
      expect((await as(token).get('/mp/me/survey')).body).toEqual({ surveyKey: '2026Q4', questions: ['quality', 'nps'] });
      expect((await as(token).post('/mp/me/survey', { answers: { quality: 9 } })).status).toBe(400);
      expect((await as(token).post('/mp/me/survey', { answers: {} })).status).toBe(400);
      const r = await as(token).post('/mp/me/survey', { answers: { quality: 5, nps: 9 }, comment: '很好' });
      expect(r.status).toBe(200);
      expect(answers).toEqual([{ answers: { quality: 5, nps: 9 }, comment: '很好', channel: 'mp' }]);
      expect((await as(token).get('/mp/me/survey')).status).toBe(404);
    } finally {
      openFor.mockRestore();
      answer.mockRestore();
    }
  });

  it('exports everything stored about the member as a JSON download', async () => {
    const token = await login('exporter');
    await as(token).patch('/mp/me', { name: '吴先生', phone: '13911112222', consents: { profile: true } }).expect(200);
    const code = (await as(token).get('/mp/me')).body.code;
    const me = await memberByCode(code);
    await addPurchase(me.id, 'export', 8800);
    const res = await as(token).get('/mp/me/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`laoke-${code}.json`);
    expect(res.body.profile).toMatchObject({ code, name: '吴先生', phone: '13911112222' });
    expect(res.body.identities.miniProgram).toEqual([expect.objectContaining({ openid: 'dev_exporter' })]);
    expect(res.body.consents).toEqual([expect.objectContaining({ purpose: 'profile' })]);
    expect(res.body.purchases).toEqual([expect.objectContaining({ items: '商品export', amountFen: 8800 })]);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/tokenHash|codeHash|phoneHash/);
  });

  it('never writes phone numbers or addresses to the logs', async () => {
    const logs = h.logLines.join('\n');
    for (const secret of ['13800001111', '13911112222', '上海市徐汇区某路1号']) expect(logs).not.toContain(secret);
    expect(logs).toMatch(/member updated their profile/);
  });
});

describe('erasing a linked member', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('erases profile, identities and message texts, keeps anonymous purchases, and confirms in chat', async () => {
    const chenIdentity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId: DEMO.chen.id });
    const chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: chenIdentity.memberId });
    await h.say(DEMO.chen, '我的快递地址是上海市长宁区某路8号');
    const assistant = (await h.laoke.services.members.assistantOf(chen))!;
    const token = (await h.http.post('/mp/login').send({ code: 'dev:chen' })).body.token as string;
    const code = (await h.http.post('/mp/me/binding-code').set('Authorization', `Bearer ${token}`).send()).body.code as string;
    expect((await h.say(DEMO.chen, `绑定 ${code}`))[0]).toMatch(/绑定好啦/);
    await h.laoke.ds.getRepository(Purchase).insert({
      memberId: chen.id,
      purchasedAt: h.clock.now(),
      items: '大衣',
      category: '服装',
      quantity: 1,
      amountFen: 159900,
      store: '一店',
      assistantId: assistant.id,
      idempotencyKey: 'erase-1',
      source: 'api',
      isFirstPurchase: true,
      createdAt: h.clock.now(),
    });

    const before = (await h.sentTo(DEMO.chen.id)).length;
    const res = await h.http.delete('/mp/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ erasedAt: h.clock.now().toISOString(), confirmedInChat: true });
    const sent = await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: DEMO.chen.id, direction: 'out' }, order: { id: 'ASC' } });
    expect(sent.length).toBe(before + 1);

    const row = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: chen.id });
    expect(row).toMatchObject({ name: null, nickname: null, phoneEnc: null, phoneHash: null, birthMonth: null, addressEnc: null, optedOut: true });
    expect(row.erasedAt).not.toBeNull();
    expect(await h.laoke.ds.getRepository(ChatIdentity).countBy({ memberId: chen.id })).toBe(0);
    expect(await h.laoke.ds.getRepository(MpIdentity).countBy({ memberId: chen.id })).toBe(0);
    expect(await h.laoke.ds.getRepository(MpSession).countBy({ memberId: chen.id })).toBe(0);
    const texts = (await h.laoke.ds.getRepository(ChatMessage).find()).map((m) => m.text ?? '').join('\n');
    expect(texts).not.toContain('长宁区');
    expect(texts).not.toContain(chen.code);
    // The sale still counts in reports, tied to nobody.
    expect(await h.laoke.ds.getRepository(Purchase).countBy({ memberId: chen.id, amountFen: 159900 })).toBe(1);
    expect(await h.laoke.ds.getRepository(MemberConsent).countBy({ memberId: chen.id, withdrawnAt: IsNull() })).toBe(0);
    expect(await h.laoke.ds.getRepository(MemberConsent).countBy({ memberId: chen.id, withdrawnAt: Not(IsNull()) })).toBeGreaterThan(0);

    // The session is gone, and the same WeChat user starting again is a new, empty member.
    expect((await h.http.get('/mp/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const again = await h.http.post('/mp/login').send({ code: 'dev:chen' });
    expect(again.body.isNewMember).toBe(true);
    expect(again.body.member.code).not.toBe(chen.code);
    const replies = await h.say(DEMO.chen, '你好');
    expect(replies[0]).toMatch(/欢迎/);
  });

  it('reports confirmedInChat false for a member who never linked chat', async () => {
    const token = (await h.http.post('/mp/login').send({ code: 'dev:mponly' })).body.token as string;
    const res = await h.http.delete('/mp/me').set('Authorization', `Bearer ${token}`);
    expect(res.body.confirmedInChat).toBe(false);
    expect((await h.http.delete('/mp/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });
});
