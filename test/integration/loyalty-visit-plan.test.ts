import { MemberTouch } from '../../src/loyalty/vip-plan/member-touch.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The assistant's morning list names the VIP members not yet contacted enough this month and the at-risk
 * high-value members (with a reason to get in touch); any personal message counts as the touch; the
 * managers get a weekly digest.
 */
describe('VIP visit plan, at-risk members and the weekly digest', () => {
  let h: Harness;
  let chen: Member;
  let liu: Member;
  let zhao: Member;
  const staffOf = async (m: Member): Promise<Staff> => (await h.laoke.services.members.assistantOf(m))!;
  const contactOf = (s: Staff) => ({ id: s.wechatContactId!, name: s.name });
  const at = (iso: string) => h.clock.set(new Date(iso), { freeze: true });
  const buy = async (memberId: number, amount: number, purchasedAt: string, items: string) => {
    const res = await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ memberId, purchasedAt, items, amount });
    expect(res.status).toBe(201);
  };
  const morningListOf = async (s: Staff): Promise<string> => {
    const before = (await h.sentTo(s.wechatContactId!)).length;
    await h.laoke.scheduler.runNow('care-digest');
    return (await h.sentTo(s.wechatContactId!)).slice(before).join('\n');
  };

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00', env: { VIP_TOUCHES_PER_MONTH: '2' } });
    const repo = h.laoke.ds.getRepository(Member);
    chen = await repo.findOneByOrFail({ name: '陈女士' });
    liu = await repo.findOneByOrFail({ name: '刘先生' });
    zhao = await repo.findOneByOrFail({ nickname: '赵阿姨' });
    // 陈 and 赵 become gold (VIP by default), 刘 silver and quiet for 63 days: at risk, not yet dormant.
    await buy(chen.id, 21000, '2026-11-10T15:00:00+08:00', '貂绒大衣');
    await buy(zhao.id, 25000, '2026-11-12T15:00:00+08:00', '真丝旗袍');
    await buy(liu.id, 12000, '2026-09-20T15:00:00+08:00', '羊绒围巾和手套');
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists VIP members not yet contacted this month and at-risk members with their last purchase on the morning list', async () => {
    at('2026-11-23T09:00:00+08:00');
    const chenList = await morningListOf(await staffOf(chen));
    expect(chenList).toMatch(new RegExp(`陈女士（${chen.code}，金卡）本月还没联系`));
    const liuList = await morningListOf(await staffOf(liu));
    expect(liuList).toMatch(new RegExp(`刘先生（${liu.code}）.*9月20日.*羊绒围巾和手套`));
    expect(liuList).not.toMatch(/13900139002/);
  });

  it('counts a relay, an approved greeting and a complaint reply as touches; a member with enough touches leaves the list', async () => {
    at('2026-11-23T10:00:00+08:00');
    const chenAssistant = await staffOf(chen);
    expect((await h.say(contactOf(chenAssistant), `#${chen.code} 陈姐，大衣穿着还合身吗？`))[0]).toMatch(/已发送/);
    expect(await morningListOf(chenAssistant)).toMatch(new RegExp(`陈女士（${chen.code}，金卡）本月已联系1次`));

    // A greeting the assistant approved is the second touch.
    const draft = await h.laoke.services.outbox.outbox.enqueue({
      memberId: chen.id,
      occasion: 'season',
      occasionDate: '2026-11-23',
      text: '天冷了，陈姐注意保暖。—— 导购',
      dueAt: new Date('2026-11-23T10:00:00+08:00'),
      draft: true,
    });
    const token = await h.laoke.services.staff.issueToken(chenAssistant.id);
    expect((await h.http.post(`/admin/care/drafts/${draft.id}/send`).set(bearer(token))).status).toBe(200);
    at('2026-11-23T10:05:00+08:00');
    await h.laoke.scheduler.runNow('outbox-dispatch');
    expect((await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: draft.id })).status).toBe('sent');
    expect(await morningListOf(chenAssistant)).not.toContain(chen.code);

    // A complaint reply that reached the member is recorded as a touch.
    const ticket = await h.laoke.services.complaints.open({ memberId: zhao.id, channel: 'staff', description: '旗袍扣子松了', category: 'quality' });
    const zhaoAssistant = await staffOf(zhao);
    const replied = await h.http
      .post(`/admin/complaints/${ticket.ticketNo}/replies`)
      .set(bearer(await h.laoke.services.staff.issueToken(zhaoAssistant.id)))
      .send({ text: '赵阿姨您好，扣子我们免费给您加固' });
    expect(replied.status).toBeLessThan(300);
    expect(await h.laoke.ds.getRepository(MemberTouch).findOneBy({ memberId: zhao.id, kind: 'complaint_reply' })).toMatchObject({ staffId: zhaoAssistant.id });
    expect(await morningListOf(zhaoAssistant)).toMatch(new RegExp(`（${zhao.code}，金卡）本月已联系1次`));
  });

  it('serves the same plan over HTTP to the assistant (their own only) and to a manager', async () => {
    const liuAssistant = await staffOf(liu);
    const token = await h.laoke.services.staff.issueToken(liuAssistant.id);
    const own = await h.http.get('/admin/loyalty/visit-plan').set(bearer(token));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ assistantId: liuAssistant.id, month: '2026-11' });
    expect(own.body.atRisk).toEqual([expect.objectContaining({ code: liu.code, lastItems: '羊绒围巾和手套' })]);
    const other = (await h.laoke.services.staff.assistants()).find((s) => s.id !== liuAssistant.id)!;
    expect((await h.http.get('/admin/loyalty/visit-plan').query({ assistantId: other.id }).set(bearer(token))).status).toBe(403);
    expect((await h.http.get('/admin/loyalty/visit-plan').query({ assistantId: other.id }).set(bearer(h.managerToken!))).status).toBe(200);
    const spec = await h.http.get('/openapi.json');
    expect(spec.body.paths['/admin/loyalty/visit-plan']).toBeDefined();
  });

  it('tells the managers weekly: new, lost and net members, and the at-risk high-value members by assistant', async () => {
    at('2026-11-23T11:00:00+08:00');
    await h.say({ id: 'wx-week-new', name: '小周' }, '你好');
    h.world.removeStore(DEMO.zhao.id);
    const zhaoAssistant = await staffOf(zhao);
    await h.say(contactOf(zhaoAssistant), `#${zhao.code} 赵阿姨，扣子修好了`);
    const [manager] = await h.laoke.services.staff.managers();
    const before = (await h.sentTo(manager.wechatContactId!)).length;
    const result = await h.laoke.scheduler.runNow('loyalty-weekly-digest');
    expect(result).toMatchObject({ newMembers: 4, lost: 1, returned: 0, net: 3, atRisk: 1, managersTold: 1 });
    const digest = (await h.sentTo(manager.wechatContactId!)).slice(before).at(-1)!;
    expect(digest).toMatch(/新会员 4 位，流失 1 位，净增 \+3 位/);
    expect(digest).toMatch(new RegExp(`${(await staffOf(liu)).name}：1位，刘先生（${liu.code}）`));

    // A relay after the member turned at-risk answers the task.
    await h.say(contactOf(await staffOf(liu)), `#${liu.code} 刘先生，好久不见，围巾还暖和吗？`);
    expect(await morningListOf(await staffOf(liu))).not.toContain(liu.code);
  });
});
