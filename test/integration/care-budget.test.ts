import { IsNull } from 'typeorm';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { addMember, at, dispatch, drain, insertRows, outboxRow, rowFor } from './outbox-fixtures';

/**
 * The member's budget (4 messages in 30 days) spent on what matters most: occasions known ahead keep
 * their slot, the morning list offers only what can go out (one a member a day), and no cheerful
 * greeting goes to a member with an open complaint.
 */
describe('the cap spends its budget on what matters most', () => {
  let h: Harness;
  let liliId: number;
  const outbox = () => h.laoke.ds.getRepository(OutboxMessage);
  const manager = () => ({ Authorization: `Bearer ${h.managerToken}` });
  const job = async (name: string, isoLocal: string) => {
    h.clock.set(at(isoLocal), { freeze: true });
    return h.laoke.scheduler.runNow(name);
  };
  const liliSince = async (n: number) => (await h.sentTo(DEMO.lili.id)).slice(n);
  const liliCount = async () => (await h.sentTo(DEMO.lili.id)).length;
  const member = async (contact: string, name: string, profile: Partial<Member> = {}) => {
    const m = await addMember(h, contact, name, liliId);
    if (Object.keys(profile).length) await h.laoke.ds.getRepository(Member).update({ id: m.id }, profile);
    return m;
  };
  const sentEarlier = async (m: Member, days: string[]) => {
    for (const d of days) {
      const [r] = await insertRows(h, [rowFor(m, 'post_purchase', { occasionDate: d, dueAt: at(`${d}T10:00:00`), text: `${d} 的回访` })]);
      await outbox().update({ id: r.id }, { status: 'sent', sentAt: at(`${d}T10:00:00`) });
    }
  };
  /** Earlier tests' members leave, so each test plans only its own. */
  const freshStart = () => h.laoke.ds.getRepository(Member).update({ erasedAt: IsNull() }, { erasedAt: h.clock.now() });
  const rowOf = (m: Member, occasion: OutboxMessage['occasion'], occasionDate: string) => outbox().findOneByOrFail({ memberId: m.id, occasion, occasionDate });

  beforeAll(async () => {
    h = await startHarness({ now: '2027-03-20T08:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0' } });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    // The demo store's members leave: only this test's members are planned.
    await freshStart();
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps the slot of the birthday the assistant approves: purchase follow-ups and a tier message no longer eat it', async () => {
    // 孙先生: birthday 4月20日, two messages already in the window, then a big purchase on 04-14.
    const sun = await member('wx-b-sun', '孙先生', { gender: 'male', birthdayCalendar: 'solar', birthMonth: 4, birthDay: 20 });
    await sentEarlier(sun, ['2027-03-28', '2027-04-05']);
    h.clock.set(at('2027-04-14T15:00:00'), { freeze: true });
    await h.http
      .post('/admin/purchases')
      .set(manager())
      .send({ memberId: sun.id, purchasedAt: at('2027-04-14T15:00:00').toISOString(), items: '羊绒大衣', amount: 12000, idempotencyKey: 'budget-sun-1' })
      .expect(201);
    // The tier message is the third in the window: room is left for the birthday, so it goes.
    expect(await dispatch(h)).toMatchObject({ sent: 1 });
    expect((await rowOf(sun, 'tier_upgrade', '2027-04-14')).status).toBe('sent');

    // 04-17: the purchase follow-up would be the fourth, and the birthday three days later the fifth.
    await job('care-plan', '2027-04-17T06:30:00');
    const follow = await rowOf(sun, 'post_purchase', '2027-04-17');
    const before = await liliCount();
    await job('care-digest', '2027-04-17T09:00:00');
    expect(await outboxRow(h, follow.id)).toMatchObject({ status: 'skipped', reason: 'reserved:birthday' });
    // Not offered in the morning list; 李丽 is told which greeting was held back and why.
    const told = (await liliSince(before)).join('\n');
    expect(told).toMatch(/孙先生（购后回访）/);
    expect(told).toMatch(/4月20日.*生日/);
    expect(told).not.toMatch(/1\. 孙先生/);
    await job('care-cutoff', '2027-04-17T12:00:00');
    await job('outbox-dispatch', '2027-04-17T14:00:00');
    expect(await h.sentTo('wx-b-sun')).toHaveLength(1);

    // 04-20: the birthday is planned, 李丽 approves it in the morning list, and it goes out.
    await job('care-plan', '2027-04-20T06:30:00');
    await job('care-digest', '2027-04-20T09:00:00');
    expect(await h.say(DEMO.lili, '全部发送')).toEqual(['好的，1 条问候已安排发送，会一条条陆续发出。']);
    h.clock.set(at('2027-04-20T10:00:00'), { freeze: true });
    await drain(h);
    const birthday = await rowOf(sun, 'birthday', '2027-04-20');
    expect(birthday).toMatchObject({ status: 'sent', decidedBy: liliId });
    expect(birthday.text).toContain('4月20日');
    expect((await h.sentTo('wx-b-sun')).at(-1)).toBe(birthday.text);
  });

  it('holds a tier message at delivery when it would take a known birthday’s slot, and tells the assistant at once', async () => {
    const qian = await member('wx-b-qian', '钱女士', { gender: 'female', birthdayCalendar: 'lunar', birthMonth: 3, birthDay: 20 });
    // 农历三月二十 is 2027-04-26 this year; three messages in the window already.
    await sentEarlier(qian, ['2027-03-30', '2027-04-02', '2027-04-10']);
    h.clock.set(at('2027-04-21T11:00:00'), { freeze: true });
    const before = await liliCount();
    await h.http
      .post('/admin/purchases')
      .set(manager())
      .send({ memberId: qian.id, purchasedAt: at('2027-04-21T11:00:00').toISOString(), items: '真丝连衣裙', amount: 15000, idempotencyKey: 'budget-qian-1' })
      .expect(201);
    expect(await dispatch(h)).toMatchObject({ sent: 0, skipped: 1, reasons: { 'reserved:birthday': 1 } });
    expect(await rowOf(qian, 'tier_upgrade', '2027-04-21')).toMatchObject({ status: 'skipped', reason: 'reserved:birthday' });
    const told = await liliSince(before);
    expect(told).toEqual([expect.stringMatching(/钱女士[\s\S]*会员升级[\s\S]*4月26日[\s\S]*生日/)]);
    expect(await h.sentTo('wx-b-qian')).toEqual([]);
  });

  it('never offers a draft that cannot be sent, and lists at most one message per member per day', async () => {
    // 2027-05-06 is 立夏: everyone gets a season draft.
    h.clock.set(at('2027-05-05T18:00:00'), { freeze: true });
    await freshStart();
    const zhou = await member('wx-b-zhou', '周阿姨', { gender: 'female', birthdayCalendar: 'solar', birthMonth: 5, birthDay: 6 });
    const wu = await member('wx-b-wu', '吴先生', { gender: 'male' });
    const zheng = await member('wx-b-zheng', '郑小姐', { gender: 'female' });
    const feng = await member('wx-b-feng', '冯先生', { gender: 'male' });
    await sentEarlier(wu, ['2027-04-12', '2027-04-20', '2027-04-28', '2027-05-02']);
    await h.laoke.ds.getRepository(Member).update({ id: feng.id }, { optedOut: true });
    const plan = (await job('care-plan', '2027-05-06T06:30:00')) as { occasionsOfDay: string[] };
    expect(plan.occasionsOfDay).toEqual(['立夏']);
    const before = await liliCount();
    const digest = await job('care-digest', '2027-05-06T09:00:00');
    expect(digest).toMatchObject({ staff: 1, drafts: 2, delivered: 1 });
    const [list] = await liliSince(before);
    expect(list).toMatch(/李丽早上好！今天有 2 条/);
    expect(list).toMatch(/1\. 周阿姨（生日）/);
    expect(list).toMatch(/2\. 郑小姐（立夏）/);
    expect(list).not.toMatch(/\d\. 吴先生/);
    expect(list).not.toMatch(/\d\. 周阿姨（立夏）/);
    expect(list).not.toMatch(/冯先生/);
    // What was held back, and why, is in the same message.
    expect(list).toMatch(/吴先生（立夏）[^\n]*30 天[^\n]*4 条/);
    expect(list).toMatch(/周阿姨（立夏）[^\n]*生日/);
    expect(await rowOf(wu, 'season', '2027-05-06')).toMatchObject({ status: 'skipped', reason: 'frequency_cap' });
    expect(await rowOf(zhou, 'season', '2027-05-06')).toMatchObject({ status: 'skipped', reason: 'collision:birthday' });
    expect(await rowOf(feng, 'season', '2027-05-06')).toMatchObject({ status: 'skipped', reason: 'opted_out' });
    // Whatever the assistant approves now goes out.
    expect(await h.say(DEMO.lili, '全部发送')).toEqual(['好的，2 条问候已安排发送，会一条条陆续发出。']);
    h.clock.set(at('2027-05-06T10:00:00'), { freeze: true });
    const runs = await drain(h);
    expect(runs.reduce((n, r) => n + r.skipped, 0)).toBe(0);
    expect(await h.sentTo('wx-b-zhou')).toHaveLength(1);
    expect(await h.sentTo('wx-b-zheng')).toHaveLength(1);
    // The HTTP list shows the same: one per member, none that cannot go.
    const token = await h.laoke.services.staff.issueToken(liliId);
    const all = await h.http.get('/admin/care/drafts?status=all').set({ Authorization: `Bearer ${token}` }).expect(200);
    const live = all.body.drafts.filter((d: { status: string }) => d.status !== 'skipped');
    expect(live.map((d: { memberId: number }) => d.memberId).sort()).toEqual([zhou.id, zheng.id].sort());
  });

  describe('no cheerful greeting over an open complaint', () => {
    let he: Member;
    let lin: Member;
    let ma: Member;
    let ticketNo: string;
    const tickets = new Map<number, string>();
    const baseline = new Map<string, number>();
    const newTo = async (contact: string) => (await h.sentTo(contact)).slice(baseline.get(contact) ?? 0);

    beforeAll(async () => {
      h.clock.set(at('2027-06-07T16:00:00'), { freeze: true });
      await freshStart();
      he = await member('wx-b-he', '何女士', { gender: 'female' });
      lin = await member('wx-b-lin', '林先生', { gender: 'male', birthdayCalendar: 'solar', birthMonth: 6, birthDay: 9 });
      ma = await member('wx-b-ma', '马先生', { gender: 'male', birthdayCalendar: 'solar', birthMonth: 6, birthDay: 9 });
      for (const m of [he, lin, ma]) {
        const r = await h.http
          .post('/admin/complaints')
          .set(manager())
          .send({ memberId: m.id, description: '衣服洗了一次就起球了', category: 'quality' })
          .expect(201);
        tickets.set(m.id, r.body.ticketNo);
      }
      ticketNo = tickets.get(lin.id)!;
      for (const c of ['wx-b-he', 'wx-b-lin', 'wx-b-ma']) baseline.set(c, (await h.sentTo(c)).length);
    });

    it('holds festival greetings (recorded with the reason) and shows a birthday beside the complaint for the assistant to decide', async () => {
      // 2027-06-09 is 端午.
      const plan = (await job('care-plan', '2027-06-09T06:30:00')) as { occasionsOfDay: string[] };
      expect(plan.occasionsOfDay).toEqual(['端午节']);
      const before = await liliCount();
      await job('care-digest', '2027-06-09T09:00:00');
      expect(await rowOf(he, 'festival', '2027-06-09')).toMatchObject({ status: 'skipped', reason: 'open_complaint' });
      const [list] = await liliSince(before);
      expect(list).toMatch(/今天有 2 条/);
      // Both birthdays are listed, each with its open complaint beside it, waiting for the assistant.
      expect(list).toMatch(new RegExp(`\\d\\. 林先生（生日，需您确认）[^\\n]*${ticketNo}`));
      expect(list).toMatch(/\d\. 马先生（生日，需您确认）[^\n]*T\d{8}-\d{4}/);
      expect(list).toMatch(/何女士（端午节）[^\n]*投诉/);
      expect(list).not.toMatch(/\d\. 何女士/);
      const token = await h.laoke.services.staff.issueToken(liliId);
      const drafts = await h.http.get('/admin/care/drafts').set({ Authorization: `Bearer ${token}` }).expect(200);
      const linDraft = drafts.body.drafts.find((d: { memberId: number }) => d.memberId === lin.id);
      expect(linDraft).toMatchObject({ occasion: 'birthday', openComplaint: { ticketNo, status: 'open' } });
      const linNo = /(\d+)\. 林先生/.exec(list)![1];
      expect(await h.say(DEMO.lili, `发送 ${linNo}`)).toEqual([`好的，第 ${linNo} 条已安排发送。`]);
    });

    it('sends the approved birthday, and never auto-sends the other one at the cut-off', async () => {
      h.clock.set(at('2027-06-09T10:00:00'), { freeze: true });
      await drain(h);
      expect(await rowOf(lin, 'birthday', '2027-06-09')).toMatchObject({ status: 'sent', decidedBy: liliId });
      expect(await job('care-cutoff', '2027-06-09T12:00:00')).toMatchObject({ queued: 0 });
      expect(await rowOf(ma, 'birthday', '2027-06-09')).toMatchObject({ status: 'skipped', reason: 'open_complaint' });
      h.clock.set(at('2027-06-09T12:00:00'), { freeze: true });
      await drain(h);
      expect(await newTo('wx-b-ma')).toEqual([]);
      expect(await newTo('wx-b-he')).toEqual([]);
      expect(await newTo('wx-b-lin')).toEqual([(await rowOf(lin, 'birthday', '2027-06-09')).text]);
    });

    it('holds a season or long-time-no-see message already queued when the complaint is still open at delivery', async () => {
      h.clock.set(at('2027-06-10T10:00:00'), { freeze: true });
      const [season, ltns] = await insertRows(h, [
        rowFor(he, 'season', { occasionDate: '2027-06-10', dueAt: at('2027-06-10T10:00:00') }),
        rowFor(ma, 'long_time_no_see', { occasionDate: '2027-06-10', dueAt: at('2027-06-10T10:00:00') }),
      ]);
      expect(await dispatch(h)).toMatchObject({ sent: 0, skipped: 2, reasons: { open_complaint: 2 } });
      expect(await outboxRow(h, season.id)).toMatchObject({ status: 'skipped', reason: 'open_complaint' });
      expect(await outboxRow(h, ltns.id)).toMatchObject({ status: 'skipped', reason: 'open_complaint' });
      // Once the complaint is resolved, greetings reach the member again.
      await h.http.post(`/admin/complaints/${tickets.get(he.id)}/resolve`).set(manager()).send({ resolution: '已为您换了一件新的' }).expect(200);
      const [later] = await insertRows(h, [rowFor(he, 'season', { occasionDate: '2027-06-11', dueAt: at('2027-06-11T10:00:00'), text: '何女士，天热了多喝水。—— 李丽' })]);
      h.clock.set(at('2027-06-11T10:00:00'), { freeze: true });
      await dispatch(h);
      expect((await outboxRow(h, later.id)).status).toBe('sent');
      expect(await newTo('wx-b-he')).toContain('何女士，天热了多喝水。—— 李丽');
    });
  });
});
