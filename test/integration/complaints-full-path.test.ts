import { Complaint, COMPLAINT_SURVEY_JOB } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The survey goes through the outbox when that module is present; its dispatcher then delivers it. */
export async function runSurveyDelivery(h: Harness): Promise<void> {
  await h.laoke.scheduler.runNow(COMPLAINT_SURVEY_JOB);
  for (const job of h.laoke.scheduler.list()) if (job.name === 'outbox-dispatch') await h.laoke.scheduler.runNow(job.name);
}

describe('a complaint handled from filing in chat to the report', () => {
  let h: Harness;
  let ticketNo: string;
  let assistantContact: { id: string; name: string };

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    const chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    const assistant = (await h.laoke.services.members.assistantOf(chen))!;
    assistantContact = assistant.wechatContactId === DEMO.lili.id ? DEMO.lili : DEMO.zhangmin;
  });
  afterAll(async () => {
    await h.close();
  });

  it('apologises at once and gathers what happened, the category, the order number and photos', async () => {
    const first = await h.say(DEMO.chen, '投诉');
    expect(first[0]).toMatch(/抱歉/);
    expect(first[1]).toMatch(/发生了什么/);
    expect((await h.say(DEMO.chen, '前天买的羊毛衫，洗了一次就破了个洞'))[0]).toMatch(/补充/);
    expect((await h.say(DEMO.chen, '而且导购说不能退'))[0]).toMatch(/记下了/);
    expect((await h.chat.send(DEMO.chen, 'image')).replies[0]).toMatch(/照片收到了（共1张）/);
    const menu = await h.say(DEMO.chen, '好了');
    expect(menu[0]).toMatch(/1\. 商品质量[\s\S]*7\. 其他/);
    expect((await h.say(DEMO.chen, '1'))[0]).toMatch(/订单号/);
    expect((await h.say(DEMO.chen, 'A20261120-88'))[0]).toMatch(/照片/);
    expect((await h.chat.send(DEMO.chen, 'image')).replies[0]).toMatch(/第2张/);
    const done = await h.say(DEMO.chen, '好了');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatch(/T20261122-0001/);
    expect(done[0]).toMatch(/附照片2张/);
    // The honest promise: acknowledged by 11:00 today, answered by 10:00 tomorrow.
    expect(done[0]).toMatch(/今天11:00前联系您/);
    expect(done[0]).toMatch(/11月23日 10:00前/);
    ticketNo = 'T20261122-0001';
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
    expect(c).toMatchObject({ category: 'quality', orderNo: 'A20261120-88', status: 'open', channel: 'chat' });
    expect(c.description).toBe('前天买的羊毛衫，洗了一次就破了个洞\n而且导购说不能退');
  });

  it('announces the ticket to the member’s assistant at once', async () => {
    const toAssistant = await h.sentTo(assistantContact.id);
    const announcement = toAssistant.find((t) => t.includes(`新投诉 ${ticketNo}`));
    expect(announcement).toMatch(/陈女士/);
    expect(announcement).toMatch(/商品质量/);
    expect(announcement).toMatch(/附照片2张/);
    expect(announcement).not.toMatch(/13800138001/);
  });

  it('lets the assistant acknowledge, reply with a saved reply and give a small coupon from chat', async () => {
    h.clock.advance(12 * MIN);
    expect((await h.say(assistantContact, `#${ticketNo} 处理中`))[0]).toMatch(/已受理/);
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(new RegExp(`${assistantContact.name}已经在处理`));
    h.clock.advance(30 * MIN);
    expect((await h.say(assistantContact, `#${ticketNo} 回复 /退换政策`))[0]).toMatch(/已把回复发给/);
    const reply = (await h.sentTo(DEMO.chen.id)).at(-1)!;
    expect(reply).toMatch(/陈女士您好[\s\S]*30天内免费换新或退款/);
    expect(reply).toMatch(new RegExp(`导购${assistantContact.name}（投诉单 ${ticketNo}）`));
    expect((await h.say(assistantContact, `#${ticketNo} 补偿 5元券`))[0]).toMatch(/已记录.*5元优惠券/);
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/5元优惠券/);
  });

  it('asks the manager in chat to approve a refund the assistant proposes, and tells everyone the outcome', async () => {
    const [pending] = await h.say(assistantContact, `#${ticketNo} 补偿 退款 299元 +20元 面料破损，顾客很生气`);
    expect(pending).toMatch(/需要店长批准/);
    const toMember = (await h.sentTo(DEMO.chen.id)).length;
    const ask = (await h.sentTo(DEMO.manager.id)).at(-1)!;
    expect(ask).toMatch(/补偿待审批/);
    expect(ask).toMatch(/退款299元 \+ 另补20元/);
    expect(ask).toMatch(new RegExp(`#${ticketNo} 批准`));
    // Nothing reaches the member before the manager decides.
    expect((await h.sentTo(DEMO.chen.id)).length).toBe(toMember);
    expect((await h.say(DEMO.manager, `#${ticketNo} 批准`))[0]).toMatch(/已批准/);
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/退款299元 \+ 另补20元/);
    expect((await h.sentTo(assistantContact.id)).at(-1)).toMatch(/已批准/);
    expect((await h.say(assistantContact, `#${ticketNo} 原因 供应商批次质量`))[0]).toMatch(/根本原因/);
  });

  it('resolves, and reopens the ticket when the member is not yet satisfied', async () => {
    h.clock.advance(2 * HOUR);
    expect((await h.say(assistantContact, `#${ticketNo} 解决 已为您办理全额退款，另补20元`))[0]).toMatch(/已标记为解决/);
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/满意吗[\s\S]*回复 1 满意，回复 2 还不满意/);
    const before = (await h.sentTo(assistantContact.id)).length;
    expect((await h.say(DEMO.chen, '2'))[0]).toMatch(/重新打开/);
    const told = (await h.sentTo(assistantContact.id)).slice(before);
    expect(told.some((t) => t.includes(`投诉重新打开 ${ticketNo}`))).toBe(true);
    expect(await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo })).toMatchObject({ status: 'in_progress', reopenCount: 1 });
  });

  it('closes the ticket when the member is satisfied with the second answer', async () => {
    h.clock.advance(HOUR);
    await h.say(assistantContact, `#${ticketNo} 解决 已当面道歉，退款已到账`);
    expect((await h.say(DEMO.chen, '1'))[0]).toMatch(/谢谢/);
    expect(await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo })).toMatchObject({ status: 'closed', satisfied: true });
    // A closed ticket takes no more replies.
    expect((await h.say(assistantContact, `#${ticketNo} 回复 还有什么需要吗`))[0]).toMatch(/现在不能这样操作/);
  });

  it('sends one satisfaction survey three days after resolution and stores the answer', async () => {
    await runSurveyDelivery(h);
    expect((await h.sentTo(DEMO.chen.id)).filter((t) => /打个分/.test(t))).toHaveLength(0);
    h.clock.advance(3 * 24 * HOUR);
    await runSurveyDelivery(h);
    await runSurveyDelivery(h);
    const surveys = (await h.sentTo(DEMO.chen.id)).filter((t) => /打个分/.test(t));
    expect(surveys).toHaveLength(1);
    expect(surveys[0]).toContain(ticketNo);
    // The survey is one of the outbox's rows, delivered by its dispatcher.
    const rows = await h.laoke.ds.query("SELECT status FROM outbox_message WHERE occasion = 'complaint_followup'");
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['sent']);
    expect((await h.say(DEMO.chen, '4'))[0]).toMatch(/想对我们说/);
    expect((await h.say(DEMO.chen, '退款很快，谢谢'))[0]).toMatch(/谢谢您的反馈/);
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
    expect(c).toMatchObject({ surveyScore: 4, surveyComment: '退款很快，谢谢' });
  });

  it('shows the member the ticket with what has been done', async () => {
    const [detail] = await h.say(DEMO.chen, `查询 ${ticketNo}`);
    expect(detail).toMatch(/已完结/);
    expect(detail).toMatch(/已受理/);
    expect(detail).toMatch(/30天内免费换新或退款/);
    expect(detail).toMatch(/退款299元/);
    // Internal notes stay internal.
    expect(detail).not.toMatch(/供应商批次质量|顾客很生气/);
  });

  it('gives staff the full timeline and the photos over HTTP', async () => {
    const res = await h.http.get(`/admin/complaints/${ticketNo}`).set('authorization', `Bearer ${h.managerToken}`);
    expect(res.status).toBe(200);
    const types = (res.body.timeline as { type: string }[]).map((e) => e.type);
    expect(types).toEqual([
      'filed',
      'acknowledged',
      'reply',
      'compensation_granted',
      'compensation_requested',
      'compensation_approved',
      'root_cause',
      'resolved',
      'reopened',
      'resolved',
      'satisfied',
      'survey_sent',
      'survey_answered',
    ]);
    expect(res.body.timeline[1].actor).toMatchObject({ kind: 'staff', name: assistantContact.name });
    expect(res.body.compensations.map((c: { level: string; status: string }) => `${c.level}:${c.status}`)).toEqual(['minor:granted', 'severe:granted']);
    expect(res.body.photos).toHaveLength(2);
    const photo = await h.http.get(res.body.photos[0].url).set('authorization', `Bearer ${h.managerToken}`);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.body.subarray(1, 4).toString()).toBe('PNG');
  });

  it('reports the month: category, root cause, times, satisfaction and reopen rate', async () => {
    const res = await h.http.get('/admin/reports/complaints?from=2026-11-01&to=2026-11-30').set('authorization', `Bearer ${h.managerToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 1,
      byCategory: { quality: 1, service: 0 },
      byRootCause: { 供应商批次质量: 1 },
      timeToAcknowledgeMinutes: { count: 1, median: 12, p90: 12 },
      slaBreaches: { acknowledge: 0, firstAnswer: 0 },
      satisfaction: { resolved: 1, satisfied: 1, survey: { answered: 1, averageScore: 4 } },
      reopen: { resolved: 1, reopened: 1, rate: 1 },
      repeatComplainers: [],
    });
    expect(res.body.timeToResolveHours.median).toBeCloseTo(2.7, 1);
    const empty = await h.http.get('/admin/reports/complaints?from=2026-10-01&to=2026-10-31').set('authorization', `Bearer ${h.managerToken}`);
    expect(empty.body.total).toBe(0);
    const doc = await h.http.get('/openapi.json');
    expect(doc.body.paths['/admin/reports/complaints'].get.responses['200']).toBeDefined();
    expect(doc.body.paths['/admin/complaints/{ticketNo}'].get).toBeDefined();
  });
});
