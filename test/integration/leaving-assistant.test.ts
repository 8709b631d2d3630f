import { Complaint } from '../../src/complaints';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/**
 * A leaving assistant: hand-over (and deactivation) takes their open complaints along, to each member's
 * assistant or, when the member has none, to the managers, who are told; a deactivated staff contact
 * writing to the store account is recognised as former staff, told politely, and never made a member.
 */
describe('an assistant who leaves', () => {
  let h: Harness;
  let chen: Member;
  let liu: Member;
  let zhao: Member;
  let zhouxiaoId: number;
  const tickets: Record<string, string> = {};
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const memberByContact = async (contactId: string) => {
    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId });
    return h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
  };
  const ticket = (no: string) => h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo: no });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    chen = await memberByContact(DEMO.chen.id);
    liu = await memberByContact(DEMO.liu.id);
    zhao = await memberByContact(DEMO.zhao.id);
    // 赵阿姨 has no assistant at all.
    await h.laoke.ds.getRepository(Member).update({ id: zhao.id }, { assistantId: null });
    const complaints = h.laoke.services.complaints;
    tickets.chen = (await complaints.open({ memberId: chen.id, channel: 'chat', description: '拉链坏了', category: 'quality' })).ticketNo;
    tickets.liu = (await complaints.open({ memberId: liu.id, channel: 'chat', description: '店员态度不好', category: 'service' })).ticketNo;
    tickets.zhao = (await complaints.open({ memberId: zhao.id, channel: 'chat', description: '快递太慢', category: 'delivery' })).ticketNo;
    // The manager hands 老刘's and 赵阿姨's tickets to 李丽, though neither is her member.
    expect((await h.say(DEMO.manager, `#${tickets.liu} 转 李丽`))[0]).toMatch(/已转给李丽/);
    expect((await h.say(DEMO.manager, `#${tickets.zhao} 转 李丽`))[0]).toMatch(/已转给李丽/);
  });
  afterAll(async () => {
    await h.close();
  });

  it('hand-over moves her open complaints: to the member’s new or current assistant, else to the managers, who are told', async () => {
    const managerBefore = (await h.sentTo(DEMO.manager.id)).length;
    const res = await h.http.post('/admin/staff/2/handover').set(bearer(h.managerToken!)).send({ successorId: 3, deactivate: true });
    expect(res.status).toBe(200);
    expect((await ticket(tickets.chen)).assistantId).toBe(3);
    expect((await ticket(tickets.liu)).assistantId).toBe(3);
    // Nobody looks after 赵阿姨: her ticket is the managers' now.
    expect((await ticket(tickets.zhao)).assistantId).toBeNull();
    const told = (await h.sentTo(DEMO.manager.id)).slice(managerBefore).join('\n');
    expect(told).toContain(tickets.zhao);
    expect(told).toContain('李丽');
    expect(await h.laoke.ds.getRepository(Complaint).countBy({ assistantId: 2 })).toBe(0);
    // The deadline reminders reach someone who is still here.
    h.clock.set(new Date('2026-11-22T11:30:00+08:00'), { freeze: true });
    const zhangminBefore = (await h.sentTo(DEMO.zhangmin.id)).length;
    const run = (await h.laoke.scheduler.runNow('complaints-deadlines')) as { ackReminders: number };
    expect(run.ackReminders).toBe(3);
    expect((await h.sentTo(DEMO.zhangmin.id)).slice(zhangminBefore).join('\n')).toContain(tickets.chen);
    expect((await h.sentTo(DEMO.lili.id)).join('\n')).not.toMatch(/投诉待受理/);
  });

  it('deactivating an assistant without members moves the complaints handed to her', async () => {
    const admin = await h.laoke.services.staff.create({ name: '系统管理员', role: 'admin' });
    const adminToken = await h.laoke.services.staff.issueToken(admin.id);
    const created = await h.http.post('/admin/staff').set(bearer(adminToken)).send({ name: '周晓', role: 'assistant', wechatContactId: 'staff-zhouxiao' });
    zhouxiaoId = created.body.staff.id;
    expect((await h.say(DEMO.manager, `#${tickets.liu} 转 周晓`))[0]).toMatch(/已转给周晓/);
    const res = await h.http.patch(`/admin/staff/${zhouxiaoId}`).set(bearer(adminToken)).send({ active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await ticket(tickets.liu)).assistantId).toBe(3);
    expect(await h.laoke.ds.getRepository(Complaint).countBy({ assistantId: zhouxiaoId })).toBe(0);
  });

  it('a deactivated staff member writing to the store is told her account is closed, and is never made a member', async () => {
    const membersBefore = await h.laoke.ds.getRepository(Member).count();
    const zhangminBefore = (await h.sentTo(DEMO.zhangmin.id)).length;
    const managerBefore = (await h.sentTo(DEMO.manager.id)).length;
    for (const text of ['投诉单', '你好', `#${tickets.chen} 处理中`]) {
      const replies = await h.say(DEMO.lili, text);
      expect(replies).toEqual([expect.stringMatching(/员工账号已经停用/)]);
    }
    expect(await h.laoke.ds.getRepository(Member).count()).toBe(membersBefore);
    expect(await h.laoke.ds.getRepository(ChatIdentity).countBy({ contactId: DEMO.lili.id })).toBe(0);
    // Nothing forwarded to anyone as if she were a customer.
    expect((await h.sentTo(DEMO.zhangmin.id)).length).toBe(zhangminBefore);
    expect((await h.sentTo(DEMO.manager.id)).length).toBe(managerBefore);
    const inbound = await h.laoke.ds.getRepository(ChatMessage).findBy({ contactId: DEMO.lili.id, direction: 'in' });
    expect(inbound.every((m) => m.memberId === null)).toBe(true);
    // The ticket was not acknowledged by the former account.
    expect((await ticket(tickets.chen)).acknowledgedAt).toBeNull();
  });

  it('a former staff member never gets the members’ satisfaction survey', async () => {
    expect((await h.say({ id: 'staff-zhouxiao', name: '周晓' }, '在吗'))[0]).toMatch(/员工账号已经停用/);
    await h.laoke.scheduler.runNow('survey-plan');
    const surveyed = await h.laoke.ds.getRepository(OutboxMessage).findBy({ occasion: 'satisfaction_survey' });
    const surveyedContacts = await h.laoke.ds.getRepository(ChatIdentity).findBy({});
    const byMember = new Map(surveyedContacts.map((c) => [c.memberId, c.contactId]));
    for (const row of surveyed) expect([DEMO.lili.id, 'staff-zhouxiao']).not.toContain(byMember.get(row.memberId));
  });
});
