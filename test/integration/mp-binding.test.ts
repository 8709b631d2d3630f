import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { MemberConsent } from '../../src/members/member-consent.entity';
import { Member } from '../../src/members/member.entity';
import { MpMemberMerge } from '../../src/miniprogram/mp-binding.entity';
import { MpIdentity } from '../../src/miniprogram/mp-identity.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';

describe('linking the mini-program and chat with a binding code', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const login = (openid: string): Promise<string> => mpLogin(h, openid);
  const bindingCode = async (token: string): Promise<string> => {
    const res = await h.http.post('/mp/me/binding-code').set('Authorization', `Bearer ${token}`).send();
    expect(res.status).toBe(201);
    return res.body.code;
  };
  const memberOfContact = async (contactId: string) => {
    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId });
    return h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
  };

  it('gives a 6-digit code valid for 10 minutes with the words to send', async () => {
    const token = await login('codeonly');
    const res = await h.http.post('/mp/me/binding-code').set('Authorization', `Bearer ${token}`).send();
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^\d{6}$/);
    expect(new Date(res.body.expiresAt).getTime() - h.clock.now().getTime()).toBe(10 * 60_000);
    expect(res.body.instruction).toContain(`绑定 ${res.body.code}`);
    expect((await h.http.post('/mp/me/binding-code').send()).status).toBe(401);
  });

  it('merges the mini-program member into the existing chat member, keeping the chat history', async () => {
    const chen = await memberOfContact(DEMO.chen.id);
    await h.say(DEMO.chen, '你们几点关门');
    const chatHistoryBefore = await h.laoke.ds.getRepository(ChatMessage).countBy({ memberId: chen.id });
    expect(chatHistoryBefore).toBeGreaterThan(0);

    const token = await login('chen-phone');
    const mpMember = (await h.http.get('/mp/me').set('Authorization', `Bearer ${token}`)).body;
    // Something recorded against the mini-program member before linking must follow it.
    const mpMemberRow = await h.laoke.ds.getRepository(Member).findOneByOrFail({ code: mpMember.code });
    await h.http
      .patch('/mp/me')
      .set('Authorization', `Bearer ${token}`)
      .send({ gender: 'female', extra: { hobbies: ['瑜伽'] }, consents: { profile: true, preferences: true } })
      .expect(200);
    await h.laoke.ds.getRepository(Purchase).insert({
      memberId: mpMemberRow.id,
      purchasedAt: h.clock.now(),
      items: '羊毛围巾',
      category: '配饰',
      quantity: 1,
      amountFen: 29900,
      store: '一店',
      assistantId: null,
      idempotencyKey: 'test-binding-1',
      source: 'api',
      isFirstPurchase: true,
      createdAt: h.clock.now(),
    });

    const code = await bindingCode(token);
    const [reply] = await h.say(DEMO.chen, `绑定 ${code}`);
    expect(reply).toMatch(/绑定好啦/);
    expect(reply).toContain(chen.code);

    // The same session now shows the chat member, with what the mini-program side had added.
    const me = await h.http.get('/mp/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ code: chen.code, name: '陈女士', phone: '13800138001', gender: 'female', chatLinked: true, extra: { hobbies: ['瑜伽'] } });
    expect(me.body.birthday).toMatchObject({ calendar: 'lunar', month: 8, day: 15 });
    expect(await h.laoke.ds.getRepository(ChatMessage).countBy({ memberId: chen.id })).toBeGreaterThanOrEqual(chatHistoryBefore);
    expect(await h.laoke.ds.getRepository(Purchase).countBy({ memberId: chen.id })).toBe(1);
    expect(await h.laoke.ds.getRepository(MemberConsent).countBy({ memberId: chen.id, purpose: 'preferences' })).toBe(1);
    expect(await h.laoke.ds.getRepository(MpIdentity).countBy({ memberId: chen.id })).toBe(1);
    const absorbed = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: mpMemberRow.id });
    expect(absorbed.erasedAt).not.toBeNull();
    expect(absorbed.gender).toBeNull();
    expect(await h.laoke.ds.getRepository(MpMemberMerge).countBy({ fromMemberId: mpMemberRow.id, intoMemberId: chen.id })).toBe(1);
    // The next login of that WeChat user lands on the chat member too.
    const again = await h.http.post('/mp/login').set('X-Forwarded-For', '10.2.1.1').send({ code: 'dev:chen-phone' });
    expect(again.body.member.code).toBe(chen.code);
  });

  it('takes a code only once', async () => {
    const token = await login('once');
    const code = await bindingCode(token);
    expect((await h.say(DEMO.liu, `绑定${code}`))[0]).toMatch(/绑定好啦/);
    expect((await h.say(DEMO.zhao, `绑定 ${code}`))[0]).toMatch(/不对或已经过期/);
    expect((await memberOfContact(DEMO.zhao.id)).name).toBeNull();
  });

  it('says so when the account is already linked to this chat member', async () => {
    const token = await login('once');
    const code = await bindingCode(token);
    expect((await h.say(DEMO.liu, `绑定 ${code}`))[0]).toMatch(/已经和您绑定过/);
  });

  it('refuses a code after 10 minutes', async () => {
    const token = await login('late');
    const code = await bindingCode(token);
    h.clock.advance(10 * 60_000 + 1);
    expect((await h.say({ id: 'wx-late', name: '迟到' }, '你好')).length).toBeGreaterThan(0);
    expect((await h.say({ id: 'wx-late', name: '迟到' }, `绑定 ${code}`))[0]).toMatch(/不对或已经过期/);
  });

  it('explains how to bind when the code is missing or not 6 digits, without counting a try', async () => {
    const who = { id: 'wx-howto', name: '问问' };
    await h.say(who, '你好');
    expect((await h.say(who, '绑定'))[0]).toMatch(/6位数字/);
    expect((await h.say(who, '绑定 12ab'))[0]).toMatch(/6位数字/);
  });

  it('locks binding for an hour after 5 wrong codes from one contact, even for the right code', async () => {
    const who = { id: 'wx-guess', name: '猜猜' };
    await h.say(who, '你好');
    const token = await login('victim');
    const code = await bindingCode(token);
    const wrong = code === '000000' ? '000001' : '000000';
    const replies: string[] = [];
    for (let i = 0; i < 5; i++) replies.push((await h.say(who, `绑定 ${wrong}`))[0]);
    expect(replies[0]).toMatch(/还可以再试4次/);
    expect(replies[3]).toMatch(/还可以再试1次/);
    expect(replies[4]).toMatch(/暂停绑定/);
    expect((await h.say(who, `绑定 ${code}`))[0]).toMatch(/暂停绑定/);
    // Another contact is not locked.
    const other = { id: 'wx-other', name: '别人' };
    await h.say(other, '你好');
    expect((await h.say(other, `绑定 ${wrong}`))[0]).toMatch(/还可以再试4次/);
    // The lock survives a restart (it is in the database) and lifts after an hour.
    await h.restart();
    h.clock.advance(59 * 60_000);
    expect((await h.say(who, `绑定 ${code}`))[0]).toMatch(/暂停绑定/);
    h.clock.advance(60_000);
    const fresh = await bindingCode(token);
    expect((await h.say(who, `绑定 ${fresh}`))[0]).toMatch(/绑定好啦/);
  });

  it('limits how many codes one member can ask for', async () => {
    const token = await login('greedy');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.http.post('/mp/me/binding-code').set('Authorization', `Bearer ${token}`).send()).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('makes an earlier code stop working when a new one is issued', async () => {
    const token = await login('twice');
    const first = await bindingCode(token);
    const second = await bindingCode(token);
    const who = { id: 'wx-twice', name: '两次' };
    await h.say(who, '你好');
    if (first !== second) expect((await h.say(who, `绑定 ${first}`))[0]).toMatch(/不对或已经过期/);
    expect((await h.say(who, `绑定 ${second}`))[0]).toMatch(/绑定好啦/);
  });
});
