import { Complaint, COMPLAINT_SURVEY_JOB, type ComplaintService } from '../../src/complaints';
import { Member } from '../../src/members/member.entity';
import type { Staff } from '../../src/staff/staff.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Defects found in the review pass, each with the test that shows it fixed. */
describe('review fixes', () => {
  let h: Harness;
  let chen: Member;
  let owner: Staff;
  let other: Staff;
  const contactOf = (s: Staff) => ({ id: s.wechatContactId!, name: s.name });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-22T10:00:00+08:00' });
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
    owner = (await h.laoke.services.members.assistantOf(chen))!;
    other = (await h.laoke.services.staff.assistants()).find((s) => s.id !== owner.id)!;
  });
  afterAll(async () => {
    await h.close();
  });

  describe('staff relay (#M… 内容)', () => {
    it('refuses to message a member when the assistant is not theirs, and sends nothing', async () => {
      const before = (await h.sentTo(DEMO.chen.id)).length;
      const [reply] = await h.say(contactOf(other), `#${chen.code} 陈姐，新款到了，来看看吧`);
      expect(reply).toMatch(/不是您负责的顾客/);
      expect(reply).toContain(owner.name);
      expect(reply).not.toMatch(/13800138001|陈女士/);
      expect(await h.sentTo(DEMO.chen.id)).toHaveLength(before);
    });

    it('delivers the message when the assistant or a manager writes to the member', async () => {
      expect((await h.say(contactOf(owner), `#${chen.code} 陈姐您好，衣服到货了`))[0]).toMatch(/已发送/);
      expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/衣服到货了[\s\S]*导购/);
      expect((await h.say(DEMO.manager, `#${chen.code} 您好，我是店长`))[0]).toMatch(/已发送/);
      expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/我是店长/);
    });

    it('lists the manager’s approval words in the staff help', async () => {
      const [help] = await h.say(contactOf(owner), '帮助');
      expect(help).toMatch(/批准/);
      expect(help).toMatch(/驳回/);
    });
  });

  describe('积分 in chat', () => {
    it('answers with the tier and the 12-month spend instead of forwarding the word to the assistant', async () => {
      const zhao = await h.laoke.ds.getRepository(Member).findOneByOrFail({ nickname: '赵阿姨' });
      const recorded = await h.http
        .post('/admin/purchases')
        .set(bearer(h.managerToken!))
        .send({ memberId: zhao.id, purchasedAt: '2026-11-20T15:00:00+08:00', items: '羊绒大衣', amount: 12000 });
      expect(recorded.status).toBe(201);
      const assistant = (await h.laoke.services.members.assistantOf(zhao))!;
      const toAssistant = (await h.sentTo(assistant.wechatContactId!)).length;
      const [reply, ...more] = await h.say(DEMO.zhao, '积分');
      expect(more).toEqual([]);
      expect(reply).toMatch(/银卡会员/);
      expect(reply).toMatch(/¥12000/);
      expect(reply).toMatch(/再消费 ¥8000 就能升级为金卡会员/);
      expect(reply).not.toMatch(/silver|gold|none/);
      expect(await h.sentTo(assistant.wechatContactId!)).toHaveLength(toAssistant);
    });
  });

  describe('the admin role (staff accounts only, no member data)', () => {
    let adminToken: string;
    let ticketNo: string;

    beforeAll(async () => {
      const admin = await h.laoke.services.staff.create({ name: '系统管理员', role: 'admin', wechatContactId: 'staff-admin' });
      adminToken = await h.laoke.services.staff.issueToken(admin.id);
      const filed = await h.http.post('/admin/complaints').set(bearer(h.managerToken!)).send({ memberId: chen.id, description: '锅把手松了', category: 'quality' });
      expect(filed.status).toBe(201);
      ticketNo = filed.body.ticketNo;
    });

    it('answers 403 when an admin lists or reads complaints, the complaints report or the drafts', async () => {
      expect((await h.http.get('/admin/complaints').set(bearer(adminToken))).status).toBe(403);
      expect((await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(adminToken))).status).toBe(403);
      expect((await h.http.get('/admin/reports/complaints').set(bearer(adminToken))).status).toBe(403);
      expect((await h.http.get('/admin/care/drafts').set(bearer(adminToken))).status).toBe(403);
      expect((await h.http.get('/admin/outbox/check').set(bearer(adminToken))).status).toBe(403);
      // The manager still reads them.
      expect((await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(h.managerToken!))).status).toBe(200);
    });

    it('leaves a severe compensation pending when an admin tries to approve it in chat', async () => {
      const ownerToken = await h.laoke.services.staff.issueToken(owner.id);
      const severe = await h.http.post(`/admin/complaints/${ticketNo}/compensations`).set(bearer(ownerToken)).send({ refundYuan: 199, note: '把手脱落' });
      expect(severe.body.status).toBe('pending');
      const [reply] = await h.say({ id: 'staff-admin', name: '系统管理员' }, `#${ticketNo} 批准`);
      expect(reply).not.toMatch(/已批准/);
      const svc = h.laoke.services.legacy.complaints as ComplaintService;
      const admin = (await h.laoke.services.staff.findByContact('staff-admin'))!;
      const c = await svc.queries.byTicket(ticketNo);
      await expect(svc.compensations.decide(admin, c, true, null)).rejects.toMatchObject({ code: 'forbidden' });
      expect((await svc.queries.compensations(c.id)).find((x) => x.id === severe.body.id)?.status).toBe('pending');
    });
  });

  describe('complaint surveys of one member due on the same day', () => {
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
});
