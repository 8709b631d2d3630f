import { ChatSimulator } from '../../src/dev/chat-simulator';
import type { MockChatWorld } from '../../src/dev/mock-chat';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { Member } from '../../src/members/member.entity';
import type { DispatchResult } from '../../src/outbox/dispatcher';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, waitFor, type Harness } from '../support/harness';
import { at, dispatch } from './outbox-fixtures';

/**
 * Two store accounts (门店号 `store` and 二号柜台 `counter`), each its own mock WeChat: a member belongs to
 * the account they talk to, and hears from the store only through it; each account has its own pacing
 * and daily ceiling.
 */
const ACCOUNTS = JSON.stringify([
  { id: 'store', name: '门店号', dailyLimit: 2 },
  { id: 'counter', name: '二号柜台', dailyLimit: 3 },
]);

describe('several chat accounts', () => {
  let h: Harness;
  let storeWorld: MockChatWorld;
  let counterWorld: MockChatWorld;
  let counter: ChatSimulator;

  const auth = () => ({ authorization: `Bearer ${h.managerToken}` });
  const identityOf = (account: string, contactId: string) => h.laoke.ds.getRepository(ChatIdentity).findOneBy({ account, contactId });
  const memberOn = async (account: string, contactId: string) => h.laoke.ds.getRepository(Member).findOneByOrFail({ id: (await identityOf(account, contactId))!.memberId });

  /** A member who is a friend of one account only (as a planner or an import would find them). */
  async function memberOfAccount(account: string, contactId: string, name: string): Promise<Member> {
    const ds = h.laoke.ds;
    const m = await h.laoke.services.members.create({ nickname: name, name, source: 'seed', chatAccount: account });
    await ds.getRepository(ChatIdentity).insert({ account, contactId, remark: m.code, memberId: m.id, displayName: name, createdAt: h.clock.now(), lastSeenAt: h.clock.now() });
    return ds.getRepository(Member).findOneByOrFail({ id: m.id });
  }

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { CHAT_ACCOUNTS: ACCOUNTS, OUTBOX_GAP_MIN_SECONDS: '5', OUTBOX_GAP_MAX_SECONDS: '10' } });
    await waitFor(() => h.laoke.accounts.isOnline('counter'), 5000);
    storeWorld = h.laoke.worlds!.get('store')!;
    counterWorld = h.laoke.worlds!.get('counter')!;
    counter = new ChatSimulator(counterWorld, h.laoke.handler);
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs one bot per account, each logged in to its own WeChat', () => {
    expect(h.laoke.accounts.ids()).toEqual(['store', 'counter']);
    expect(h.laoke.accounts.states().map((a) => [a.id, a.name, a.state, a.dailyLimit])).toEqual([
      ['store', '门店号', 'online', 2],
      ['counter', '二号柜台', 'online', 3],
    ]);
    expect(storeWorld).not.toBe(counterWorld);
    expect(counterWorld.storeContactId).not.toBe(storeWorld.storeContactId);
  });

  it('answers a member who writes to the second account from that account, and records them as its member', async () => {
    const zhou = { id: 'wx-zhou', name: '周女士' };
    const done = await counter.say(zhou, '你好');
    expect(done.status).toBe('handled');
    expect(done.account).toBe('counter');
    expect(done.replies.length).toBeGreaterThan(0);
    // What WeChat really carried: the welcome came from 二号柜台; the store account never wrote to her.
    expect(counterWorld.deliveredTo(zhou.id)).toEqual(done.replies);
    expect(storeWorld.deliveredTo(zhou.id)).toEqual([]);
    const member = await memberOn('counter', zhou.id);
    expect(member.chatAccount).toBe('counter');
    expect(await identityOf('store', zhou.id)).toBeNull();
    // The remark (member code) is set on her contact in 二号柜台's WeChat.
    expect(counterWorld.aliasOf(zhou.id)).toBe(member.code);
    const logged = await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: zhou.id }, order: { id: 'ASC' } });
    expect(new Set(logged.map((m) => m.account))).toEqual(new Set(['counter']));
  });

  it('sends that member’s proactive messages from the account she talks to, never from the other', async () => {
    const member = await memberOn('counter', 'wx-zhou');
    const queued = await h.laoke.services.outbox.outbox.enqueue({
      memberId: member.id,
      occasion: 'post_purchase',
      occasionDate: '2026-11-23',
      text: '周女士，上次买的用着还好吗？',
      dueAt: h.clock.now(),
    });
    const row = await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: queued.id });
    expect(row.account).toBe('counter');
    const result = await dispatch(h);
    expect(result.sent).toBe(1);
    expect(result.accounts?.counter.sent).toBe(1);
    expect(result.accounts?.store.sent).toBe(0);
    expect(counterWorld.deliveredTo('wx-zhou')).toContain('周女士，上次买的用着还好吗？');
    expect(storeWorld.deliveredTo('wx-zhou')).toEqual([]);
    expect((await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: queued.id })).status).toBe('sent');
  });

  it('onboards a new friend of the second account as it would on the first', async () => {
    const res = await h.http.post('/dev/chat/friend-requests').send({ account: 'counter', from: { id: 'wx-wu', name: '吴先生' }, hello: '你好' });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(true);
    expect(res.body.replies.length).toBeGreaterThan(0);
    expect(res.body.replies.join('\n')).toMatch(/吴先生/);
    const member = await memberOn('counter', 'wx-wu');
    expect(member.chatAccount).toBe('counter');
    expect(counterWorld.deliveredTo('wx-wu')).toEqual(res.body.replies);
    expect(storeWorld.deliveredTo('wx-wu')).toEqual([]);
    // The onboarding question is answered on the same account.
    const next = await counter.say({ id: 'wx-wu', name: '吴先生' }, '好的');
    expect(next.replies.length).toBeGreaterThan(0);
    expect(storeWorld.deliveredTo('wx-wu')).toEqual([]);
  });

  it('knows a member of the first account who adds the second: the same member, now reached there', async () => {
    const chen = await h.memberOf(DEMO.chen.id);
    expect(chen.chatAccount).toBe('store');
    await counter.say(DEMO.chen, '我加了二号柜台');
    const again = await memberOn('counter', DEMO.chen.id);
    expect(again.id).toBe(chen.id);
    expect(again.chatAccount).toBe('counter');
    expect(await h.laoke.notifier.toMember(chen.id, '陈姐，新到的货给您留了一件')).toBe(true);
    expect(counterWorld.deliveredTo(DEMO.chen.id)).toContain('陈姐，新到的货给您留了一件');
    expect(storeWorld.deliveredTo(DEMO.chen.id)).not.toContain('陈姐，新到的货给您留了一件');
    // Her data export names both store accounts that know her.
    const exported = (await h.laoke.services.rights.export(chen.id)) as { identities: { wechatChat: { account: string; contactId: string }[] } };
    expect(exported.identities.wechatChat.map((i) => [i.account, i.contactId])).toEqual([
      ['store', DEMO.chen.id],
      ['counter', DEMO.chen.id],
    ]);
  });

  it('greets a member known on both accounts once per occasion, through the account she talks to (DOMAIN: never twice)', async () => {
    const chen = await h.memberOf(DEMO.chen.id);
    const greeting = {
      memberId: chen.id,
      occasion: 'post_purchase' as const,
      occasionDate: '2026-11-23',
      text: '陈姐，昨天那件大衣穿着合身吗？',
      dueAt: h.clock.now(),
    };
    const first = await h.laoke.services.outbox.outbox.enqueue(greeting);
    const second = await h.laoke.services.outbox.outbox.enqueue(greeting);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(await h.laoke.ds.getRepository(OutboxMessage).countBy({ memberId: chen.id, occasion: 'post_purchase', occasionDate: '2026-11-23' })).toBe(1);
    h.clock.advance(60_000);
    await dispatch(h);
    h.clock.advance(60_000);
    await dispatch(h);
    expect(counterWorld.deliveredTo(DEMO.chen.id).filter((t) => t === greeting.text)).toHaveLength(1);
    expect(storeWorld.deliveredTo(DEMO.chen.id)).not.toContain(greeting.text);
  });

  it('reaches a staff member through the account they last wrote to', async () => {
    await counter.say(DEMO.lili, '帮助');
    const lili = await h.laoke.ds.getRepository(Staff).findOneByOrFail({ wechatContactId: DEMO.lili.id });
    expect(lili.chatAccount).toBe('counter');
    expect(await h.laoke.notifier.toStaff(lili.id, '李丽，请看一下今天的名单')).toBe(true);
    expect(counterWorld.deliveredTo(DEMO.lili.id)).toContain('李丽，请看一下今天的名单');
    expect(storeWorld.deliveredTo(DEMO.lili.id)).not.toContain('李丽，请看一下今天的名单');
  });

  it('paces each account on its own and stops only the account at its daily ceiling', async () => {
    h.clock.set(at('2026-11-24T10:00:00'), { freeze: true });
    const onStore = [];
    const onCounter = [];
    for (let i = 0; i < 4; i++) onStore.push(await memberOfAccount('store', `wx-s${i}`, `门店客${i}`));
    for (let i = 0; i < 4; i++) onCounter.push(await memberOfAccount('counter', `wx-c${i}`, `柜台客${i}`));
    const created = await h.laoke.services.outbox.outbox.enqueueMany(
      [...onStore, ...onCounter].map((m) => ({ memberId: m.id, occasion: 'post_purchase' as const, occasionDate: '2026-11-24', text: `${m.name}，您好`, dueAt: h.clock.now() })),
    );
    expect(created).toBe(8);
    const rows = await h.laoke.ds.getRepository(OutboxMessage).findBy({ occasionDate: '2026-11-24' });
    expect(rows.filter((r) => r.account === 'store')).toHaveLength(4);
    expect(rows.filter((r) => r.account === 'counter')).toHaveLength(4);

    // One run on a frozen clock: each account sends one and then waits for its own gap.
    const first = await dispatch(h);
    expect([first.accounts?.store.sent, first.accounts?.counter.sent]).toEqual([1, 1]);
    expect(first.accounts?.store.stoppedBy).toBe('throttled');
    expect(first.accounts?.counter.stoppedBy).toBe('throttled');

    const results: DispatchResult[] = [first];
    for (let i = 0; i < 20 && results[results.length - 1].stoppedBy === 'throttled'; i++) {
      h.clock.set(new Date(results[results.length - 1].nextSlotAt!), { freeze: true });
      results.push(await dispatch(h));
    }
    const sentBy = (account: string) => results.reduce((n, r) => n + (r.accounts?.[account].sent ?? 0), 0);
    // 门店号 stops at its ceiling of 2; 二号柜台 goes on to its own 3.
    expect(sentBy('store')).toBe(2);
    expect(sentBy('counter')).toBe(3);
    const last = results[results.length - 1];
    expect(last.accounts?.store.stoppedBy).toBe('daily_limit');
    expect(last.accounts?.counter.stoppedBy).toBe('daily_limit');
    const reached = (world: MockChatWorld, prefix: string) => [0, 1, 2, 3].filter((i) => world.deliveredTo(`wx-${prefix}${i}`).length > 0).length;
    expect(reached(storeWorld, 's')).toBe(2);
    expect(reached(counterWorld, 'c')).toBe(3);
    expect(reached(storeWorld, 'c')).toBe(0);
    expect(reached(counterWorld, 's')).toBe(0);

    const listed = await h.http.get('/admin/chat/accounts').set(auth());
    expect(listed.status).toBe(200);
    expect(listed.body.accounts.map((a: { id: string; sentToday: number; dailyLimit: number }) => [a.id, a.sentToday, a.dailyLimit])).toEqual([
      ['store', 2, 2],
      ['counter', 3, 3],
    ]);
  });

  it('lists both accounts on /healthz and /admin/chat/accounts, and answers status per account', async () => {
    const health = await h.http.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'ok',
      db: 'ok',
      chat: 'online',
      accounts: [
        // Each account has its own lease; this one instance holds both.
        { id: 'store', name: '门店号', state: 'online', holder: h.laoke.lease.instanceId, leaseExpiresAt: expect.any(String), holderState: 'online' },
        { id: 'counter', name: '二号柜台', state: 'online', holder: h.laoke.lease.instanceId, leaseExpiresAt: expect.any(String), holderState: 'online' },
      ],
    });
    const listed = await h.http.get('/admin/chat/accounts').set(auth());
    expect(listed.status).toBe(200);
    const counted = await h.laoke.ds.getRepository(Member).countBy({ chatAccount: 'counter' });
    expect(listed.body.accounts).toEqual([
      expect.objectContaining({ id: 'store', name: '门店号', state: 'online', loginQr: null, dailyLimit: 2 }),
      expect.objectContaining({ id: 'counter', name: '二号柜台', state: 'online', loginQr: null, members: counted, dailyLimit: 3 }),
    ]);
    // 周女士, 吴先生, 陈姐 (moved over) and the four members of the pacing test.
    expect(counted).toBe(7);
    expect((await h.http.get('/admin/chat/accounts')).status).toBe(401);

    const status = await h.http.get('/admin/chat/status').query({ account: 'counter' }).set(auth());
    expect(status.body).toEqual({ account: 'counter', state: 'online', loginQr: null });
    expect((await h.http.get('/admin/chat/status').set(auth())).body.account).toBe('store');
    expect((await h.http.get('/admin/chat/status').query({ account: 'nope' }).set(auth())).status).toBe(404);
    expect((await h.http.get('/admin/chat/status').query({ account: 'Bad Id!' }).set(auth())).status).toBe(400);
  });

  it('shows the login QR code of the one account that waits for a scan', async () => {
    counterWorld.autoLogin = false;
    await counterWorld.logout();
    await waitFor(() => h.laoke.accounts.channel('counter')!.state() === 'waiting_login', 5000);
    const qr = await h.http.get('/admin/chat/qrcode').query({ account: 'counter' }).set(auth());
    expect(qr.status).toBe(200);
    expect(qr.body.qrcode).toMatch(/laoke-store-counter/);
    expect((await h.http.get('/admin/chat/qrcode').set(auth())).status).toBe(404);
    expect((await h.http.get('/healthz')).body.accounts[1].state).toBe('waiting_login');
    // The simulator will not write to an account that would not answer; the other still answers.
    const offline = await h.http.post('/dev/chat/messages').send({ account: 'counter', from: { id: 'wx-zhou', name: '周女士' }, text: '在吗' });
    expect(offline.status).toBe(503);
    const online = await h.http.post('/dev/chat/messages').send({ from: { id: 'wx-store-only', name: '钱先生' }, text: '你好' });
    expect(online.status).toBe(200);
    expect(storeWorld.deliveredTo('wx-store-only')).toEqual(online.body.replies);
    counterWorld.login();
    await waitFor(() => h.laoke.accounts.isOnline('counter'), 5000);
    counterWorld.autoLogin = true;
  });
  it('plans care for each member on their own account (the planner reads the account with the member)', async () => {
    const onCounter = await memberOfAccount('counter', 'wx-bday-c', '柜台寿星');
    const onStore = await memberOfAccount('store', 'wx-bday-s', '门店寿星');
    for (const m of [onCounter, onStore]) {
      await h.laoke.ds.getRepository(Member).update({ id: m.id }, { birthdayCalendar: 'solar', birthMonth: 11, birthDay: 26 });
    }
    h.clock.set(at('2026-11-26T06:30:00'), { freeze: true });
    await h.laoke.scheduler.runNow('care-plan');
    const rows = await h.laoke.ds.getRepository(OutboxMessage).findBy({ occasion: 'birthday', occasionDate: '2026-11-26' });
    expect(rows.find((r) => r.memberId === onCounter.id)?.account).toBe('counter');
    expect(rows.find((r) => r.memberId === onStore.id)?.account).toBe('store');
  });
});
