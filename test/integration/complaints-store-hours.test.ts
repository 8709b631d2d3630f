import { Complaint, ComplaintEvent, COMPLAINT_DEADLINES_JOB } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import type { SimContact } from '../../src/dev/chat-simulator';
import { DEMO, startHarness, type Harness } from '../support/harness';

const MIN = 60_000;

async function assistantContactOf(h: Harness, member: SimContact): Promise<SimContact> {
  const identity = await h.laoke.ds.query('SELECT memberId FROM chat_identity WHERE contactId = ?', [member.id]);
  const m = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: Number(identity[0].memberId) });
  const a = (await h.laoke.services.members.assistantOf(m))!;
  return a.wechatContactId === DEMO.lili.id ? DEMO.lili : DEMO.zhangmin;
}

/** Files a complaint in chat; returns the ticket number and the bot's confirmation. */
async function file(h: Harness, who: SimContact, text: string): Promise<{ ticketNo: string; confirmation: string }> {
  await h.say(who, `投诉 ${text}`);
  await h.say(who, '好了');
  await h.say(who, '2');
  await h.say(who, '没有');
  const [done] = await h.say(who, '没有');
  const m = /T\d{8}-\d{4}/.exec(done);
  if (!m) throw new Error(`no ticket in: ${done}`);
  return { ticketNo: m[0], confirmation: done };
}

const runDeadlines = (h: Harness) => h.laoke.scheduler.runNow(COMPLAINT_DEADLINES_JOB);
const setClock = (h: Harness, local: string) => h.clock.set(new Date(`${local}+08:00`), { freeze: true });

describe('complaint deadlines on store time (09:00–21:00 every day)', () => {
  it('reminds about a complaint filed at 22:30 only one hour after opening, as the member was promised', async () => {
    const h = await startHarness({ now: '2026-11-23T22:30:00+08:00' });
    try {
      const { ticketNo, confirmation } = await file(h, DEMO.liu, '收到的大衣少了一颗扣子');
      // The promise uses the same calculation as the deadline job.
      expect(confirmation).toMatch(/11月24日 10:00前联系您/);
      const assistant = await assistantContactOf(h, DEMO.liu);
      const reminders = async () => (await h.sentTo(assistant.id)).filter((t) => t.includes(`投诉待受理 ${ticketNo}`)).length;

      setClock(h, '2026-11-23T23:31:00'); // elapsed time would have made it late here
      await runDeadlines(h);
      setClock(h, '2026-11-24T09:59:00');
      await runDeadlines(h);
      expect(await reminders()).toBe(0);
      const list = await h.http.get('/admin/complaints?overdue=true').set('authorization', `Bearer ${h.managerToken}`);
      expect(list.body.items).toEqual([]);

      setClock(h, '2026-11-24T10:00:00');
      await h.restart();
      await runDeadlines(h);
      await runDeadlines(h);
      expect(await reminders()).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('reminds the assistant again on each working day while an acknowledged ticket has no real answer, once a day across restarts', async () => {
    const h = await startHarness({ now: '2026-09-28T10:00:00+08:00' });
    try {
      const { ticketNo } = await file(h, DEMO.liu, '退款一直没到账');
      const assistant = await assistantContactOf(h, DEMO.liu);
      h.clock.advance(10 * MIN);
      await h.say(assistant, `#${ticketNo} 处理中`);
      const daily = async (contact: SimContact) => (await h.sentTo(contact.id)).filter((t) => t.includes(`投诉仍未答复 ${ticketNo}`)).length;
      const escalations = async () => (await h.sentTo(DEMO.manager.id)).filter((t) => t.includes(`投诉超时未答复 ${ticketNo}`)).length;

      // 24 hours from Monday 10:00 is Tuesday 10:00: the managers hear of it then, once.
      setClock(h, '2026-09-29T09:59:00');
      await runDeadlines(h);
      expect(await escalations()).toBe(0);
      setClock(h, '2026-09-29T10:00:00');
      await runDeadlines(h);
      await runDeadlines(h);
      expect(await escalations()).toBe(1);
      expect(await daily(assistant)).toBe(0);

      // Wednesday 30 September: one reminder, to the assistant and the manager, however often the job
      // runs, across a restart; none before opening.
      setClock(h, '2026-09-30T08:30:00');
      await runDeadlines(h);
      expect(await daily(assistant)).toBe(0);
      setClock(h, '2026-09-30T09:05:00');
      await runDeadlines(h);
      await h.restart();
      await runDeadlines(h);
      setClock(h, '2026-09-30T15:00:00');
      await runDeadlines(h);
      expect(await daily(assistant)).toBe(1);
      expect(await daily(DEMO.manager)).toBe(1);

      // 国庆 (1–7 October) is not a working day: no reminders.
      for (const day of ['2026-10-01', '2026-10-04', '2026-10-07']) {
        setClock(h, `${day}T11:00:00`);
        await runDeadlines(h);
      }
      expect(await daily(assistant)).toBe(1);

      // Thursday 8 October and Friday 9 October: once each.
      setClock(h, '2026-10-08T09:00:00');
      await runDeadlines(h);
      await runDeadlines(h);
      setClock(h, '2026-10-09T09:00:00');
      await runDeadlines(h);
      expect(await daily(assistant)).toBe(3);
      expect(await escalations()).toBe(1);

      // A real answer stops the reminders.
      await h.say(assistant, `#${ticketNo} 回复 您好，退款已经重新提交，今天内到账`);
      setClock(h, '2026-10-10T09:30:00');
      await runDeadlines(h);
      expect(await daily(assistant)).toBe(3);

      const c = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
      expect(c.answerRemindedOn).toBe('2026-10-09');
      const events = await h.laoke.ds.getRepository(ComplaintEvent).findBy({ complaintId: c.id, type: 'answer_reminded' });
      expect(events).toHaveLength(3);

      // The report gives both clocks: acknowledged after 10 minutes either way; answered after 12 days
      // elapsed, but far fewer store hours (国庆 and the nights do not count).
      const report = await h.http.get('/admin/reports/complaints?from=2026-09-28&to=2026-09-28').set('authorization', `Bearer ${h.managerToken}`);
      expect(report.status).toBe(200);
      expect(report.body.timeToAcknowledgeMinutes.median).toBe(10);
      expect(report.body.timeToAcknowledgeStoreMinutes.median).toBe(10);
      // Elapsed: Monday 28 September 10:00 → Friday 9 October 09:00 = 263 hours; store time: 11 + 12 + 12 + 0 (国庆) + 12 + 0 = 47 hours.
      expect(report.body.timeToFirstAnswerHours.median).toBe(263);
      expect(report.body.timeToFirstAnswerStoreHours.median).toBe(47);
    } finally {
      await h.close();
    }
  });
});
