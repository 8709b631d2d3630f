import { isNotFriendRefusal } from '../../src/chat/wechaty-channel';
import { MemberLoss } from '../../src/loyalty/lifecycle/member-loss.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Lost members: a member who removed the store account is found out on the next send, and welcomed back later. */
describe('lost members', () => {
  let h: Harness;
  let chen: Member;
  let liu: Member;
  let chenAssistant: Staff;
  let manager: Staff;
  const members = () => h.laoke.ds.getRepository(Member);
  const festival = (memberId: number, occasionDate: string) =>
    h.laoke.services.outbox.outbox.enqueue({ memberId, occasion: 'festival', occasionDate, text: '节日快乐', dueAt: new Date('2026-11-22T10:00:00+08:00') });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    chen = await members().findOneByOrFail({ name: '陈女士' });
    liu = await members().findOneByOrFail({ name: '刘先生' });
    chenAssistant = (await h.laoke.services.members.assistantOf(chen))!;
    [manager] = await h.laoke.services.staff.managers();
    const bought = await h.http
      .post('/admin/purchases')
      .set(bearer(h.managerToken!))
      .send({ memberId: chen.id, purchasedAt: '2026-11-02T15:00:00+08:00', items: '羊绒大衣', amount: 12800 });
    expect(bought.status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it('recognises WeChat’s refusal of a text to someone who deleted the account, and nothing else', () => {
    expect(isNotFriendRefusal(new Error('对方开启了朋友验证，你还不是他（她）朋友。请先发送朋友验证请求，对方验证通过后，才能聊天。'))).toBe(true);
    expect(isNotFriendRefusal(new Error('contact is not a friend'))).toBe(true);
    expect(isNotFriendRefusal(new Error('timed out waiting for the server'))).toBe(false);
  });

  it('marks a member lost when a send is refused, drops their waiting messages and tells the assistant and the manager what matters', async () => {
    const ticket = await h.laoke.services.complaints.open({ memberId: chen.id, channel: 'staff', description: '大衣掉毛严重', category: 'quality' });
    await festival(chen.id, '2026-12-25');
    const toAssistant = (await h.sentTo(chenAssistant.wechatContactId!)).length;
    const toManager = (await h.sentTo(manager.wechatContactId!)).length;

    const removed = await h.http.post(`/dev/chat/contacts/${DEMO.chen.id}/remove`);
    expect(removed.status).toBe(200);
    const [reply] = await h.say({ id: chenAssistant.wechatContactId!, name: chenAssistant.name }, `#${chen.code} 陈姐，大衣的事我们一定给您处理好`);
    expect(reply).not.toMatch(/已发送/);

    expect((await members().findOneByOrFail({ id: chen.id })).lifecycle).toBe('lost');
    expect(await h.laoke.ds.getRepository(MemberLoss).findOneByOrFail({ memberId: chen.id })).toMatchObject({ returnedAt: null, lifecycleBefore: 'new' });
    expect(await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ memberId: chen.id, occasion: 'festival' })).toMatchObject({ status: 'skipped', reason: 'lost' });

    const assistantGot = (await h.sentTo(chenAssistant.wechatContactId!)).slice(toAssistant).filter((t) => t.includes('删除'));
    const managerGot = (await h.sentTo(manager.wechatContactId!)).slice(toManager);
    expect(assistantGot).toHaveLength(1);
    expect(managerGot).toHaveLength(1);
    for (const text of [assistantGot[0], managerGot[0]]) {
      expect(text).toContain(chen.code);
      expect(text).toContain(ticket.ticketNo);
      expect(text).toMatch(/银卡/);
      expect(text).toMatch(/¥12800/);
      expect(text).toMatch(/羊绒大衣/);
      expect(text).not.toMatch(/13800138001|138\*{4}8001/);
    }

    // Found out once: a second refused send tells nobody again.
    await h.say({ id: chenAssistant.wechatContactId!, name: chenAssistant.name }, `#${chen.code} 在吗`);
    expect((await h.sentTo(manager.wechatContactId!)).slice(toManager)).toHaveLength(1);
  });

  it('skips proactive messages of a lost member with reason lost, whether the dispatcher finds out or already knows', async () => {
    const first = await festival(liu.id, '2026-12-24');
    h.world.removeStore(DEMO.liu.id);
    await h.laoke.scheduler.runNow('outbox-dispatch');
    expect(await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: first.id })).toMatchObject({ status: 'skipped', reason: 'lost' });
    expect((await members().findOneByOrFail({ id: liu.id })).lifecycle).toBe('lost');

    const later = await festival(liu.id, '2026-12-31');
    h.clock.set(new Date('2026-11-22T10:05:00+08:00'), { freeze: true });
    const result = (await h.laoke.scheduler.runNow('outbox-dispatch')) as { reasons: Record<string, number> };
    expect(result.reasons).toEqual({ lost: 1 });
    h.clock.set(new Date('2026-11-22T10:00:00+08:00'), { freeze: true });
    expect(await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: later.id })).toMatchObject({ status: 'skipped', reason: 'lost' });
  });

  it('welcomes back a lost member who adds the store again, without onboarding, and restores the lifecycle', async () => {
    const toAssistant = (await h.sentTo(chenAssistant.wechatContactId!)).length;
    const res = await h.http.post('/dev/chat/friend-requests').send({ from: DEMO.chen, hello: '我是陈姐' });
    expect(res.body.accepted).toBe(true);
    expect(res.body.replies).toHaveLength(1);
    expect(res.body.replies[0]).toMatch(/欢迎回来/);
    expect(res.body.replies[0]).not.toMatch(/回复 1 同意/);
    expect((await members().findOneByOrFail({ id: chen.id })).lifecycle).toBe('new');
    expect((await h.laoke.ds.getRepository(MemberLoss).findOneByOrFail({ memberId: chen.id })).returnedAt).not.toBeNull();
    expect((await h.sentTo(chenAssistant.wechatContactId!)).slice(toAssistant).join('\n')).toMatch(/重新加回/);

    // Texts reach her again.
    const [reply] = await h.say({ id: chenAssistant.wechatContactId!, name: chenAssistant.name }, `#${chen.code} 欢迎回来陈姐`);
    expect(reply).toMatch(/已发送/);
  });

  it('finds lost members in the staff API (lifecycle=lost)', async () => {
    const found = await h.http.get('/admin/members').query({ lifecycle: 'lost' }).set(bearer(h.managerToken!));
    expect(found.status).toBe(200);
    expect(found.body.items.map((m: { code: string }) => m.code)).toEqual([liu.code]);
  });
});
