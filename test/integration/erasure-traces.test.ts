import { Complaint } from '../../src/complaints';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';
import { insertRows, rowFor } from './outbox-fixtures';

/**
 * Erasure (DELETE /mp/me) leaves nothing personal behind: not in a ticket's timeline (API and chat),
 * not in staff notices, not in drafts or queued messages; the jobs stop acting for the member, and the
 * reports still count the ticket.
 */
describe('erasure leaves no traces', () => {
  let h: Harness;
  let chen: Member;
  let ticketNo: string;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  // Everything that could name 陈女士: her name, nickname, WeChat name, phone and her own words.
  const traces = ['陈女士', '陈姐', '13800138001', '幸福路', '裂缝'];
  const expectNoTrace = (text: string) => {
    for (const t of traces) expect(text).not.toContain(t);
  };

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId: DEMO.chen.id });
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
  });
  afterAll(async () => {
    await h.close();
  });

  it('names the member on the ticket while she is a member', async () => {
    const ticket = await h.laoke.services.complaints.open({ memberId: chen.id, channel: 'chat', description: '杯子有裂缝，送到幸福路8号的', category: 'quality' });
    ticketNo = ticket.ticketNo;
    // 李丽 tags it (a staff line on the timeline) but nobody acknowledges it: the deadlines are running.
    expect((await h.say(DEMO.lili, `#${ticketNo} 原因 包装不牢`))[0]).toMatch(/已记录/);
    const detail = await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(h.managerToken!));
    expect(detail.body.timeline[0].actor.name).toBe('陈女士');
    // A greeting planned for her, waiting in the morning list.
    await insertRows(h, [rowFor(chen, 'birthday', { draft: true, text: '陈女士，生日快乐！—— 李丽', occasionDate: '2026-11-22', dueAt: new Date('2026-11-22T02:00:00Z') })]);
  });

  it('after DELETE /mp/me the ticket’s timeline, the API and the chat view no longer name her', async () => {
    const token = await mpLogin(h, 'chen-erase');
    const code = (await h.http.post('/mp/me/binding-code').set(bearer(token)).send()).body.code as string;
    expect((await h.say(DEMO.chen, `绑定 ${code}`))[0]).toMatch(/绑定好啦/);
    const erased = await h.http.delete('/mp/me').set(bearer(token));
    expect(erased.status).toBe(200);

    const detail = await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(h.managerToken!));
    expect(detail.status).toBe(200);
    expectNoTrace(JSON.stringify(detail.body));
    expect(detail.body.timeline.filter((e: { actor: { kind: string } }) => e.actor.kind === 'member').length).toBeGreaterThan(0);
    // Nobody can reach her any more: the ticket is closed, and the timeline says why without naming her.
    expect(detail.body.status).toBe('closed');

    const shown = await h.say(DEMO.manager, `#${ticketNo}`);
    expect(shown[0]).toContain(ticketNo);
    expectNoTrace(shown.join('\n'));
    // Her ticket is off the assistant's open list.
    expect(await h.say(DEMO.lili, '投诉单')).toEqual(['目前没有需要您跟进的投诉。']);
  });

  it('the deadline job neither reminds nor escalates her ticket, and no staff notice names her', async () => {
    const staffBefore = {
      lili: (await h.sentTo(DEMO.lili.id)).length,
      manager: (await h.sentTo(DEMO.manager.id)).length,
    };
    h.clock.set(new Date('2026-11-23T12:00:00+08:00'), { freeze: true });
    expect(await h.laoke.scheduler.runNow('complaints-deadlines')).toEqual({ ackReminders: 0, escalations: 0 });
    const ticket = await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo });
    expect(ticket.ackBreachedAt).toBeNull();
    expect(ticket.answerBreachedAt).toBeNull();
    expect((await h.sentTo(DEMO.lili.id)).length).toBe(staffBefore.lili);
    expect((await h.sentTo(DEMO.manager.id)).length).toBe(staffBefore.manager);
    // Nothing the staff ever got from the bot still names her.
    for (const staff of [DEMO.lili.id, DEMO.manager.id, DEMO.zhangmin.id]) expectNoTrace((await h.sentTo(staff)).join('\n'));
  });

  it('the survey job skips her ticket; her drafts and queued messages are ended', async () => {
    h.clock.set(new Date('2026-11-28T12:00:00+08:00'), { freeze: true });
    const survey = (await h.laoke.scheduler.runNow('complaints-survey')) as { queued: number };
    expect(survey.queued).toBe(0);
    const rows = await h.laoke.ds.getRepository(OutboxMessage).findBy({ memberId: chen.id });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(['skipped', 'sent', 'failed']).toContain(r.status);
      expectNoTrace(r.text);
    }
    expect(rows.some((r) => r.status === 'skipped' && r.reason === 'member_erased')).toBe(true);
  });

  it('the complaints report still counts the ticket, anonymously', async () => {
    const res = await h.http.get('/admin/reports/complaints').query({ from: '2026-11-01', to: '2026-11-30' }).set(bearer(h.managerToken!));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(res.body.byCategory.quality).toBe(1);
    expectNoTrace(JSON.stringify(res.body));
  });
});
