import { Complaint, COMPLAINT_SURVEY_JOB } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Complaint surveys of one member due on the same day: each ticket's survey, one a day. */
describe('complaint surveys of one member due on the same day', () => {
  let h: Harness;
  let chen: Member;
  let owner: Staff;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    owner = (await h.laoke.services.members.assistantOf(chen))!;
  });
  afterAll(async () => {
    await h.close();
  });

  const runSurveys = async () => {
    await h.laoke.scheduler.runNow(COMPLAINT_SURVEY_JOB);
    await h.laoke.scheduler.runNow('outbox-dispatch');
  };

  it('sends each ticket’s survey, one a day, when two tickets come due together', async () => {
    h.clock.set(new Date('2026-12-01T10:00:00+08:00'));
    const ownerToken = await h.laoke.services.staff.issueToken(owner.id);
    const liu = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '刘先生' });
    const tickets: string[] = [];
    for (const description of ['裤子开线了', '送货晚了两天']) {
      const filed = await h.http.post('/admin/complaints').set(bearer(h.managerToken!)).send({ memberId: liu.id, description, category: 'quality' });
      tickets.push(filed.body.ticketNo);
    }
    const liuToken = liu.assistantId === owner.id ? ownerToken : await h.laoke.services.staff.issueToken(liu.assistantId!);
    for (const t of tickets) expect((await h.http.post(`/admin/complaints/${t}/resolve`).set(bearer(liuToken)).send({ resolution: '已处理' })).status).toBe(200);
    // 满意 closes the first ticket and ends the question.
    await h.say(DEMO.liu, '1');

    h.clock.set(new Date('2026-12-04T10:30:00+08:00'));
    await runSurveys();
    const surveysTo = async () => (await h.sentTo(DEMO.liu.id)).filter((t) => /打个分/.test(t));
    expect(await surveysTo()).toHaveLength(1);
    const repo = h.laoke.ds.getRepository(Complaint);
    const waiting = await repo.findOneByOrFail({ ticketNo: tickets[1] });
    expect(waiting.surveySentAt).toBeNull();
    await h.say(DEMO.liu, '5');
    await h.say(DEMO.liu, '没有');

    h.clock.set(new Date('2026-12-05T10:30:00+08:00'));
    await runSurveys();
    const sent = await surveysTo();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain(tickets[0]);
    expect(sent[1]).toContain(tickets[1]);
    expect((await repo.findOneByOrFail({ ticketNo: tickets[1] })).surveySentAt).not.toBeNull();
  });
});
