import { ComplaintEvent, ComplaintPhoto, Complaint, COMPLAINT_DEADLINES_JOB } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import type { SimContact } from '../../src/dev/chat-simulator';
import { DEMO, startHarness, type Harness } from '../support/harness';

const MIN = 60_000;
const HOUR = 60 * MIN;

async function assistantContactOf(h: Harness, member: SimContact): Promise<SimContact> {
  const identity = await h.laoke.ds.query('SELECT memberId FROM chat_identity WHERE contactId = ?', [member.id]);
  const m = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: Number(identity[0].memberId) });
  const a = (await h.laoke.services.members.assistantOf(m))!;
  return a.wechatContactId === DEMO.lili.id ? DEMO.lili : DEMO.zhangmin;
}

/** Files a complaint in chat with the fewest steps; returns the ticket number. */
async function fileQuickly(h: Harness, who: SimContact, text: string): Promise<string> {
  await h.say(who, `投诉 ${text}`);
  await h.say(who, '好了');
  await h.say(who, '2');
  await h.say(who, '没有');
  const [done] = await h.say(who, '没有');
  const m = /T\d{8}-\d{4}/.exec(done);
  if (!m) throw new Error(`no ticket in: ${done}`);
  return m[0];
}

describe('members who do unexpected things while filing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { COMPLAINT_DRAFT_TTL_MINUTES: '30' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps an abandoned draft, tells the member how to resume, and resumes where they stopped', async () => {
    await h.say(DEMO.zhao, '投诉');
    await h.say(DEMO.zhao, '店门口的台阶太滑了，差点摔倒');
    expect((await h.say(DEMO.zhao, '好了'))[0]).toMatch(/哪一类/);
    h.clock.advance(31 * MIN);
    const back = await h.say(DEMO.zhao, '你好');
    expect(back[0]).toMatch(/草稿[\s\S]*发“投诉”/);
    expect(await h.laoke.ds.getRepository(Complaint).count()).toBe(0);
    const resumed = await h.say(DEMO.zhao, '投诉');
    expect(resumed[0]).toMatch(/接着您上次没写完的投诉[\s\S]*哪一类/);
    await h.say(DEMO.zhao, '5');
    await h.say(DEMO.zhao, '没有');
    const [done] = await h.say(DEMO.zhao, '没有');
    expect(done).toMatch(/T20261122-\d{4}/);
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo: /T\d{8}-\d{4}/.exec(done)![0] });
    expect(c).toMatchObject({ category: 'environment', description: '店门口的台阶太滑了，差点摔倒' });
  });

  it('asks for a few words when the member sends only photos, and keeps the photos', async () => {
    await h.say(DEMO.liu, '投诉');
    await h.chat.send(DEMO.liu, 'image');
    await h.chat.send(DEMO.liu, 'image');
    expect((await h.say(DEMO.liu, '好了'))[0]).toMatch(/照片收到了（2张）[\s\S]*一两句话/);
    await h.say(DEMO.liu, '鞋底开胶了');
    await h.say(DEMO.liu, '好了');
    await h.say(DEMO.liu, '1');
    await h.say(DEMO.liu, '没有');
    const [done] = await h.say(DEMO.liu, '好了');
    expect(done).toMatch(/附照片2张/);
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo: /T\d{8}-\d{4}/.exec(done)![0] });
    expect(await h.laoke.ds.getRepository(ComplaintPhoto).countBy({ complaintId: c.id })).toBe(2);
  });

  it('finishes one complaint at a time when the member starts a second one halfway, then files both', async () => {
    await h.say(DEMO.chen, '投诉');
    await h.say(DEMO.chen, '快递三天了还没到');
    const again = await h.say(DEMO.chen, '投诉');
    expect(again[0]).toMatch(/先把这件说完/);
    expect(again[1]).toMatch(/接着刚才的/);
    await h.say(DEMO.chen, '好了');
    await h.say(DEMO.chen, '4');
    await h.say(DEMO.chen, '没有');
    const [first] = await h.say(DEMO.chen, '没有');
    const second = await fileQuickly(h, DEMO.chen, '收银员态度不好');
    expect(second).not.toBe(/T\d{8}-\d{4}/.exec(first)![0]);
    const [list] = await h.say(DEMO.chen, '查询');
    expect(list).toMatch(/2条投诉/);
    expect(list).toContain(second);
    expect(list).toContain(/T\d{8}-\d{4}/.exec(first)![0]);
  });

  it('shows nothing of someone else’s ticket to a member who asks for its number', async () => {
    const liuTicket = (await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ description: '鞋底开胶了' })).ticketNo;
    const [answer] = await h.say(DEMO.chen, `查询 ${liuTicket}`);
    expect(answer).toMatch(/没有找到您名下的投诉单/);
    expect(answer).not.toMatch(/鞋底|开胶|刘/);
    // A made-up number gets the very same answer.
    const [madeUp] = await h.say(DEMO.chen, '查询 T20261122-0999');
    expect(madeUp.replace('T20261122-0999', liuTicket)).toBe(answer);
  });

  it('asks before opening a ticket for a message that plainly is a complaint', async () => {
    const [ask] = await h.say(DEMO.zhao, '买的杯子坏了');
    expect(ask).toMatch(/要为您登记投诉吗/);
    expect((await h.say(DEMO.zhao, '1'))[0]).toMatch(/补充/);
    await h.say(DEMO.zhao, '好了');
    await h.say(DEMO.zhao, '1');
    await h.say(DEMO.zhao, '没有');
    const [done] = await h.say(DEMO.zhao, '没有');
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo: /T\d{8}-\d{4}/.exec(done)![0] });
    expect(c.description).toBe('买的杯子坏了');
  });

  it('only forwards the message when the member does not want a ticket', async () => {
    const before = await h.laoke.ds.getRepository(Complaint).count();
    const assistant = await assistantContactOf(h, DEMO.zhao);
    await h.say(DEMO.zhao, '你们服务太差了');
    expect((await h.say(DEMO.zhao, '2'))[0]).toMatch(/转给您的导购/);
    expect((await h.sentTo(assistant.id)).at(-1)).toContain('你们服务太差了');
    expect(await h.laoke.ds.getRepository(Complaint).count()).toBe(before);
  });
});

describe('staff commands that cannot be carried out', () => {
  let h: Harness;
  let ticketNo: string;
  let owner: SimContact;
  let other: SimContact;
  beforeAll(async () => {
    h = await startHarness();
    ticketNo = await fileQuickly(h, DEMO.chen, '衣服尺码发错了');
    owner = await assistantContactOf(h, DEMO.chen);
    other = owner.id === DEMO.lili.id ? DEMO.zhangmin : DEMO.lili;
  });
  afterAll(async () => {
    await h.close();
  });

  it('says so for an unknown ticket', async () => {
    expect((await h.say(owner, '#T20261122-0999 处理中'))[0]).toMatch(/没有找到投诉单 T20261122-0999/);
  });

  it('explains the shape of a malformed command', async () => {
    expect((await h.say(owner, `#${ticketNo} 回复`))[0]).toMatch(/请在“回复”后面写上内容/);
    expect((await h.say(owner, `#${ticketNo} 吃饭了吗`))[0]).toMatch(/没看懂这条指令/);
    expect((await h.say(owner, '#T2026 处理中'))[0]).toMatch(/T\+日期-四位数字/);
  });

  it('asks for the amount when a compensation has none, and for a note on a medium one', async () => {
    expect((await h.say(owner, `#${ticketNo} 补偿 元券`))[0]).toMatch(/补偿要写清金额/);
    expect((await h.say(owner, `#${ticketNo} 补偿 退款`))[0]).toMatch(/补偿要写清金额/);
    expect((await h.say(owner, `#${ticketNo} 补偿 换货`))[0]).toMatch(/要写一句说明/);
  });

  it('rejects an assistant acting on another assistant’s ticket', async () => {
    expect((await h.say(other, `#${ticketNo} 回复 您好`))[0]).toMatch(/没有找到投诉单.*或不是您负责的/);
    expect((await h.say(other, `#${ticketNo} 批准`))[0]).toMatch(/没有找到投诉单/);
    expect((await h.say(owner, `#${ticketNo} 批准`))[0]).toMatch(/没有权限/);
  });

  it('rejects a ticket command sent by a member, leaving the ticket untouched', async () => {
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
    const events = await h.laoke.ds.getRepository(ComplaintEvent).countBy({ complaintId: c.id });
    const [reply] = await h.say(DEMO.liu, `#${ticketNo} 解决 已处理`);
    expect(reply).toMatch(/店员处理投诉用的指令/);
    expect(await h.laoke.ds.getRepository(ComplaintEvent).countBy({ complaintId: c.id })).toBe(events);
    expect((await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo })).status).toBe('open');
  });

  it('records a reply whose send failed after the text left as of unknown delivery, not as undelivered', async () => {
    const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
    h.world.failNextSend(DEMO.chen.id, 'fail_after_delivery');
    await h.say(owner, `#${ticketNo} 回复 仓库已经在查了`);
    const replies = await h.laoke.ds.getRepository(ComplaintEvent).find({ where: { complaintId: c.id, type: 'reply' }, order: { id: 'ASC' } });
    expect(replies.at(-1)!.text).toMatch(/仓库已经在查了[\s\S]*送达不明/);
    expect(replies.at(-1)!.text).not.toMatch(/未送达/);
    expect(h.world.deliveredTo(DEMO.chen.id).at(-1)).toMatch(/仓库已经在查了/);
  });

  it('refuses changes on a closed ticket but still takes its root cause', async () => {
    await h.say(owner, `#${ticketNo} 解决 已寄出正确尺码`);
    await h.say(DEMO.chen, '1');
    expect((await h.say(owner, `#${ticketNo} 补偿 5元券`))[0]).toMatch(/现在不能这样操作：这张单已经完结了/);
    expect((await h.say(owner, `#${ticketNo} 解决 再次处理`))[0]).toMatch(/现在不能这样操作/);
    expect((await h.say(owner, `#${ticketNo} 原因 仓库拣货错误`))[0]).toMatch(/已记录/);
  });

  it('lets a manager grant a severe compensation without asking anyone', async () => {
    const t2 = await fileQuickly(h, DEMO.liu, '买的电饭煲漏电');
    const [ok] = await h.say(DEMO.manager, `#${t2} 补偿 退款 399元 安全问题`);
    expect(ok).toMatch(/已记录.*退款399元/);
  });
});

describe('deadlines', () => {
  it('reminds the assistant once and escalates to the manager once, even across a restart', async () => {
    // A store open round the clock, so store time is elapsed time here (store hours: complaints-store-hours.test.ts).
    const h = await startHarness({ now: '2026-11-22T20:30:00+08:00', env: { STORE_HOURS: 'daily 00:00-24:00' } });
    try {
      const ticketNo = await fileQuickly(h, DEMO.liu, '退款一直没到账');
      const assistant = await assistantContactOf(h, DEMO.liu);
      await h.restart();
      const reminders = async () => (await h.sentTo(assistant.id)).filter((t) => t.includes(`投诉待受理 ${ticketNo}`)).length;
      const escalations = async () => (await h.sentTo(DEMO.manager.id)).filter((t) => t.includes(`投诉超时未答复 ${ticketNo}`)).length;

      h.clock.advance(59 * MIN);
      await h.laoke.scheduler.runNow(COMPLAINT_DEADLINES_JOB);
      expect(await reminders()).toBe(0);
      h.clock.advance(2 * MIN);
      await h.laoke.scheduler.runNow(COMPLAINT_DEADLINES_JOB);
      await h.laoke.scheduler.runNow(COMPLAINT_DEADLINES_JOB);
      expect(await reminders()).toBe(1);
      const overdue = await h.http.get('/admin/complaints?overdue=true').set('authorization', `Bearer ${h.managerToken}`);
      expect(overdue.body.items.map((i: { ticketNo: string }) => i.ticketNo)).toEqual([ticketNo]);

      // Acknowledged, but no real answer: the manager hears of it after 24 hours, once.
      await h.say(assistant, `#${ticketNo} 处理中`);
      h.clock.advance(23 * HOUR);
      await h.restart();
      await h.laoke.scheduler.runNow(COMPLAINT_DEADLINES_JOB);
      expect(await escalations()).toBe(1);
      await h.laoke.scheduler.runNow(COMPLAINT_DEADLINES_JOB);
      expect(await escalations()).toBe(1);
      expect(await reminders()).toBe(1);

      const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
      expect(c.ackBreachedAt).not.toBeNull();
      expect(c.answerBreachedAt).not.toBeNull();
      const report = await h.http.get('/admin/reports/complaints?from=2026-11-22&to=2026-11-23').set('authorization', `Bearer ${h.managerToken}`);
      expect(report.body.slaBreaches).toEqual({ acknowledge: 1, firstAnswer: 1 });
    } finally {
      await h.close();
    }
  });

  it('announces a new ticket in the staff room when one is configured', async () => {
    const room = 'staff-room@chatroom';
    const h = await startHarness({ env: { STAFF_ROOM_ID: room } });
    try {
      h.world.mocker.createRoom({ id: room, topic: '店员群', memberIdList: [DEMO.lili.id, DEMO.zhangmin.id, h.world.storeContactId], adminIdList: [] });
      const ticketNo = await fileQuickly(h, DEMO.zhao, '试衣间很脏');
      expect((await h.sentTo(room)).some((t) => t.includes(`新投诉 ${ticketNo}`))).toBe(true);
    } finally {
      await h.close();
    }
  });
});

describe('the follow-up survey, always through the outbox', () => {
  it('is queued once, delivered outside quiet hours, and starts the survey dialog', async () => {
    const h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    try {
      // Formerly the complaints job could send by itself when the outbox module was absent; the
      // outbox is now its one delivery path, and its dispatcher applies the quiet hours.
      const ticketNo = await fileQuickly(h, DEMO.liu, '买的毛巾掉毛');
      const assistant = await assistantContactOf(h, DEMO.liu);
      await h.say(assistant, `#${ticketNo} 解决 已换新`);
      await h.say(DEMO.liu, '1');
      const surveys = async () => (await h.sentTo(DEMO.liu.id)).filter((t) => /打个分/.test(t)).length;
      // Three days later, but at 22:00 store time: quiet hours, it waits.
      h.clock.set(new Date('2026-11-25T22:00:00+08:00'), { freeze: true });
      expect(await h.laoke.scheduler.runNow('complaints-survey')).toMatchObject({ queued: 1, waiting: 0 });
      await h.laoke.scheduler.runNow('outbox-dispatch');
      expect(await surveys()).toBe(0);
      h.clock.set(new Date('2026-11-26T09:30:00+08:00'), { freeze: true });
      expect(await h.laoke.scheduler.runNow('complaints-survey')).toMatchObject({ queued: 0 });
      await h.laoke.scheduler.runNow('outbox-dispatch');
      expect(await surveys()).toBe(1);
      await h.laoke.scheduler.runNow('complaints-survey');
      await h.laoke.scheduler.runNow('outbox-dispatch');
      expect(await surveys()).toBe(1);
      await h.say(DEMO.liu, '2');
      expect((await h.say(DEMO.liu, '没有'))[0]).toMatch(/很抱歉这次没让您满意/);
      const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
      expect(c).toMatchObject({ surveyScore: 2, surveyComment: null });
      // A low score reaches the manager.
      expect((await h.sentTo(DEMO.manager.id)).at(-1)).toMatch(new RegExp(`回访低分 ${ticketNo}`));
    } finally {
      await h.close();
    }
  });
});
