import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const MIN = 60_000;

/** An assistant's monthly figures: 月报 in chat, the managers' message on the 1st, and the staff API. */
describe('assistant figures (月报)', () => {
  let h: Harness;
  let liliId: number;
  let zhangminId: number;
  let liliToken: string;
  let chenAssistant: typeof DEMO.lili;
  let ticketNo: string;

  beforeAll(async () => {
    // The demo store is created in October; the month measured is November.
    h = await startHarness({ now: '2026-10-15T10:00:00+08:00' });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    zhangminId = (await h.laoke.services.staff.findByName('张敏'))!.id;
    liliToken = await h.laoke.services.staff.issueToken(liliId);
    const chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    chenAssistant = chen.assistantId === liliId ? DEMO.lili : DEMO.zhangmin;
    expect(chenAssistant).toBe(DEMO.lili);

    h.clock.set(new Date('2026-11-03T10:00:00+08:00'), { freeze: true });
    // Gained: two new members for 李丽, two for 张敏 (one of whom erases their data: lost).
    const join = async (name: string, assistantId: number) => {
      const m = await h.laoke.services.members.create({ name, source: 'staff' });
      await h.laoke.ds.getRepository(Member).update({ id: m.id }, { assistantId });
      return m.id;
    };
    const newForLili = await join('新客甲', liliId);
    await join('新客乙', liliId);
    await join('新客丙', zhangminId);
    const leaving = await join('新客丁', zhangminId);
    await h.laoke.services.rights.erase(leaving);

    // Delivered that month: two greetings and one purchase follow-up to 李丽's members.
    const outbox = h.laoke.services.outbox.outbox;
    for (const occasion of ['birthday', 'festival', 'post_purchase'] as const) {
      await outbox.enqueue({ memberId: newForLili, occasion, occasionDate: '2026-11-03', text: '您好', dueAt: h.clock.now() });
    }
    await h.laoke.ds.getRepository(OutboxMessage).update({ memberId: newForLili }, { status: 'sent', sentAt: h.clock.now() });

    // A complaint for 陈女士 (李丽's): acknowledged after 30 minutes, answered after 2 hours, resolved.
    const filed = await h.http.post('/admin/complaints').set(bearer(h.managerToken!)).send({ memberCode: chen.code, description: '拉链坏了', category: 'quality' });
    expect(filed.status).toBe(201);
    ticketNo = filed.body.ticketNo;
    h.clock.advance(30 * MIN);
    expect((await h.say(chenAssistant, `#${ticketNo} 处理中`))[0]).toMatch(/已受理/);
    h.clock.advance(90 * MIN);
    expect((await h.say(chenAssistant, `#${ticketNo} 回复 我们给您换一条新的`))[0]).toMatch(/已把回复发给/);
    await h.say(chenAssistant, `#${ticketNo} 解决 已换新`);
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves the month per assistant at GET /admin/reports/assistants (managers: everyone)', async () => {
    const res = await h.http.get('/admin/reports/assistants?month=2026-11').set(bearer(h.managerToken!));
    expect(res.status).toBe(200);
    expect(res.body.month).toBe('2026-11');
    const byName = Object.fromEntries(res.body.assistants.map((a: { name: string }) => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual(['张敏', '李丽'].sort());
    expect(byName['李丽']).toEqual({
      assistantId: liliId,
      name: '李丽',
      greetingsSent: 2,
      followUpsDone: 1,
      complaintsHandled: 1,
      medianAckMinutes: 30,
      medianAnswerHours: 2,
      complaintSatisfaction: { answers: 0, average: null },
      surveySatisfaction: { answers: 0, average: null },
      vipPlanCompletion: null,
      membersGained: 2,
      membersLost: 0,
      successfulReferrals: 0,
    });
    expect(byName['张敏']).toMatchObject({ assistantId: zhangminId, greetingsSent: 0, complaintsHandled: 0, medianAckMinutes: null, membersGained: 2, membersLost: 1 });
    // October: the demo members joined then, nothing else happened.
    const october = await h.http.get('/admin/reports/assistants?month=2026-10').set(bearer(h.managerToken!));
    expect(october.body.assistants.map((a: { greetingsSent: number }) => a.greetingsSent)).toEqual([0, 0]);
    expect((await h.http.get('/admin/reports/assistants?month=2026-13').set(bearer(h.managerToken!))).status).toBe(400);
  });

  it('shows an assistant only their own figures, over the API and with 月报 in chat', async () => {
    const res = await h.http.get('/admin/reports/assistants?month=2026-11').set(bearer(liliToken));
    expect(res.body.assistants.map((a: { name: string }) => a.name)).toEqual(['李丽']);

    const [own, ...more] = await h.say(DEMO.lili, '月报');
    expect(more).toEqual([]);
    expect(own).toMatch(/李丽，这是您 2026-11 的月度数据（截至今天）/);
    expect(own).toMatch(/问候 2 条 · 回访 1 次 · 处理投诉 1 单/);
    expect(own).toMatch(/受理中位 30 分钟 · 首次答复中位 2 小时/);
    expect(own).toMatch(/VIP 维护完成 暂未统计 · 新增会员 2 · 流失 0 · 成功推荐 0/);
    expect(own).not.toMatch(/张敏/);
  });

  it('shows a manager every assistant’s figures with 月报, and any month on request', async () => {
    const [all] = await h.say(DEMO.manager, '月报');
    expect(all).toMatch(/2026-11 月度数据/);
    expect(all).toMatch(/【李丽】[\s\S]*【张敏】/);
    expect(all).toMatch(/【张敏】\n问候 0 条[\s\S]*新增会员 2 · 流失 1/);
    const [last] = await h.say(DEMO.manager, '月报 上月');
    expect(last).toMatch(/2026-10 月度数据/);
    expect(last).not.toMatch(/截至今天/);
    expect((await h.say(DEMO.manager, '月报 明年'))[0]).toMatch(/想看哪个月/);
  });

  it('sends every manager last month’s figures on the 1st, once however often the job runs', async () => {
    h.clock.set(new Date('2026-12-01T09:00:00+08:00'), { freeze: true });
    const before = (await h.sentTo(DEMO.manager.id)).length;
    const toLili = (await h.sentTo(DEMO.lili.id)).length;
    const first = await h.http.post('/dev/jobs/assistant-report-monthly/run');
    expect(first.body.result).toMatchObject({ month: '2026-11', sent: 1, already: 0 });
    h.clock.advance(60 * MIN);
    const second = await h.http.post('/dev/jobs/assistant-report-monthly/run');
    expect(second.body.result).toMatchObject({ month: '2026-11', sent: 0, already: 1 });
    const received = (await h.sentTo(DEMO.manager.id)).slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/王店长您好，上个月（2026-11）各位导购的数据整理好了/);
    expect(received[0]).toMatch(/【李丽】\n问候 2 条 · 回访 1 次 · 处理投诉 1 单/);
    expect(received[0]).toMatch(/【张敏】/);
    // Assistants do not get the store-wide figures.
    expect(await h.sentTo(DEMO.lili.id)).toHaveLength(toLili);
  });
});
