import { Complaint } from '../../src/complaints';
import { ChatIdentity } from '../../src/members/chat-identity.entity';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

/**
 * Access follows the member's current assistant: a reassignment or a hand-over moves the member's open
 * drafts and queued greetings (signed again by the new assistant), open complaints and messages waiting
 * for a check, in one transaction; the former assistant loses access at once.
 */
describe('a member’s drafts and complaints follow their assistant', () => {
  let h: Harness;
  let chen: Member;
  let liu: Member;
  let liliToken: string;
  let zhangminToken: string;
  let ticketNo: string;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const draftsOf = async (token: string) =>
    (await h.http.get('/admin/care/drafts').set(bearer(token))).body.drafts as { id: number; memberId: number; text: string; assistantId: number }[];
  const memberByContact = async (contactId: string) => {
    const identity = await h.laoke.ds.getRepository(ChatIdentity).findOneByOrFail({ contactId });
    return h.laoke.ds.getRepository(Member).findOneByOrFail({ id: identity.memberId });
  };

  beforeAll(async () => {
    // 中秋 2026 is also 陈女士's lunar birthday (八月十五): the planner drafts greetings for everyone.
    h = await startHarness({ now: '2026-09-25T07:00:00+08:00' });
    liliToken = await h.laoke.services.staff.issueToken(2);
    zhangminToken = await h.laoke.services.staff.issueToken(3);
    chen = await memberByContact(DEMO.chen.id);
    liu = await memberByContact(DEMO.liu.id);
    await h.laoke.services.care.planner.planDay('2026-09-25');
    ticketNo = (await h.laoke.services.complaints.open({ memberId: chen.id, channel: 'chat', description: '衣服起球了', category: 'quality' })).ticketNo;
  });
  afterAll(async () => {
    await h.close();
  });

  it('starts with 李丽 holding 陈女士’s drafts, signed by her, and her complaint', async () => {
    const mine = (await draftsOf(liliToken)).filter((d) => d.memberId === chen.id);
    expect(mine.length).toBeGreaterThan(0);
    for (const d of mine) expect(d.text).toContain('李丽');
    expect((await draftsOf(zhangminToken)).some((d) => d.memberId === chen.id)).toBe(false);
    expect((await h.say(DEMO.lili, '草稿'))[0]).toContain('陈女士');
  });

  it('after a reassignment the former assistant can no longer list, edit or send them; the new one can', async () => {
    const before = (await draftsOf(liliToken)).filter((d) => d.memberId === chen.id);
    const res = await h.http.post(`/admin/members/${chen.id}/reassign`).set(bearer(h.managerToken!)).send({ assistantId: 3 });
    expect(res.status).toBe(200);

    // 李丽: gone from her list (HTTP and chat), and her actions on them are refused.
    expect((await draftsOf(liliToken)).some((d) => d.memberId === chen.id)).toBe(false);
    for (const d of before) {
      expect((await h.http.post(`/admin/care/drafts/${d.id}/send`).set(bearer(liliToken))).status).toBe(404);
      expect((await h.http.put(`/admin/care/drafts/${d.id}`).set(bearer(liliToken)).send({ text: '改一下' })).status).toBe(404);
    }
    const liliList = (await h.say(DEMO.lili, '草稿'))[0];
    expect(liliList).not.toContain('陈女士');
    expect((await h.say(DEMO.lili, '全部发送'))[0]).not.toMatch(/陈女士/);
    for (const d of before) expect((await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: d.id })).status).toBe('draft');

    // 张敏: sees them, signed with her name now, and can send them.
    const hers = (await draftsOf(zhangminToken)).filter((d) => d.memberId === chen.id);
    expect(hers.map((d) => d.id).sort()).toEqual(before.map((d) => d.id).sort());
    for (const d of hers) {
      expect(d.assistantId).toBe(3);
      expect(d.text).toContain('张敏');
      expect(d.text).not.toContain('李丽');
    }
    expect((await h.say(DEMO.zhangmin, '草稿'))[0]).toContain('陈女士');
    const sent = await h.http.post(`/admin/care/drafts/${hers[0].id}/send`).set(bearer(zhangminToken));
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('queued');
  });

  it('moves the member’s open complaint with her', async () => {
    expect((await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo })).assistantId).toBe(3);
    expect((await h.say(DEMO.zhangmin, '投诉单'))[0]).toContain(ticketNo);
    expect((await h.say(DEMO.lili, '投诉单'))[0]).not.toContain(ticketNo);
    expect((await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(liliToken))).status).toBe(404);
    const detail = await h.http.get(`/admin/complaints/${ticketNo}`).set(bearer(zhangminToken));
    expect(detail.body.timeline.some((e: { type: string; text: string }) => e.type === 'assigned' && /张敏/.test(e.text))).toBe(true);
  });

  it('a hand-over moves queued greetings and messages waiting for a check too, re-signed', async () => {
    // 张敏 leaves: her queued greeting of 陈女士 and a row of 老刘's waiting for a check go to 李丽.
    const queued = await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ memberId: chen.id, status: 'queued' });
    const liuRows = await h.laoke.ds.getRepository(OutboxMessage).findBy({ memberId: liu.id });
    expect(liuRows.length).toBeGreaterThan(0);
    await h.laoke.ds.getRepository(OutboxMessage).update({ id: liuRows[0].id }, { status: 'check' });
    const res = await h.http.post('/admin/staff/3/handover').set(bearer(h.managerToken!)).send({ successorId: 2 });
    expect(res.status).toBe(200);
    const after = await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: queued.id });
    expect(after.assistantId).toBe(2);
    expect(after.text).toContain('李丽');
    expect(after.text).not.toContain('张敏');
    expect((await h.laoke.ds.getRepository(OutboxMessage).findOneByOrFail({ id: liuRows[0].id })).assistantId).toBe(2);
    expect((await h.laoke.ds.getRepository(Complaint).findOneByOrFail({ ticketNo })).assistantId).toBe(2);
    expect((await draftsOf(zhangminToken)).length).toBe(0);
    // The message to check is on 李丽's list now, not on 张敏's.
    const checkOf = async (token: string) => JSON.stringify((await h.http.get('/admin/outbox/check').set(bearer(token))).body);
    expect(await checkOf(liliToken)).toContain(`"id":${liuRows[0].id},`);
    expect(await checkOf(zhangminToken)).not.toContain(`"id":${liuRows[0].id},`);
  });

  it('moves all or nothing: a failure in the middle leaves the member, drafts and complaint where they were', async () => {
    const ds = h.laoke.ds;
    const draftsBefore = await ds.getRepository(OutboxMessage).findBy({ memberId: chen.id });
    // The complaint's timeline table is briefly unavailable: the complaint cannot be moved.
    await ds.query('ALTER TABLE complaint_event RENAME TO complaint_event_away');
    let res;
    try {
      res = await h.http.post(`/admin/members/${chen.id}/reassign`).set(bearer(h.managerToken!)).send({ assistantId: 3 });
    } finally {
      await ds.query('ALTER TABLE complaint_event_away RENAME TO complaint_event');
    }
    expect(res.status).toBe(500);
    expect((await ds.getRepository(Member).findOneByOrFail({ id: chen.id })).assistantId).toBe(2);
    expect(await ds.getRepository(OutboxMessage).findBy({ memberId: chen.id })).toEqual(draftsBefore);
    expect((await ds.getRepository(Complaint).findOneByOrFail({ ticketNo })).assistantId).toBe(2);
  });
});
