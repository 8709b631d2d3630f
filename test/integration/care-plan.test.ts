import { In, IsNull } from 'typeorm';
import { CarePlanner, type PlanSummary } from '../../src/care/care-planner';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { OutboxQueue } from '../../src/outbox/outbox-queue';
import { Purchase } from '../../src/purchases/purchase.entity';
import { startHarness, type Harness } from '../support/harness';

/**
 * The care planner on a real database: which drafts a day produces, for whom, with what text, and that
 * planning again (or on two instances at once) adds nothing.
 */
describe('care planning', () => {
  let h: Harness;
  const ids: Record<string, number> = {};

  const members = () => h.laoke.ds.getRepository(Member);
  const outbox = () => h.laoke.ds.getRepository(OutboxMessage);
  const rowsOf = (occasion: string, occasionDate: string) => outbox().find({ where: { occasion: occasion as OutboxMessage['occasion'], occasionDate }, order: { memberId: 'ASC' } });

  /** Runs the daily job as the scheduler would, at 06:30 store time on `day`. */
  const planAt = async (day: string): Promise<PlanSummary> => {
    h.clock.set(new Date(`${day}T06:30:00+08:00`), { freeze: true });
    return (await h.laoke.scheduler.runNow('care-plan')) as PlanSummary;
  };

  const addMember = async (key: string, fields: Partial<Member> & { name: string }) => {
    const m = await h.laoke.services.members.create({ name: fields.name, source: 'staff' });
    await members().update({ id: m.id }, fields);
    ids[key] = m.id;
    return m.id;
  };

  beforeAll(async () => {
    // Everyone is created (and so last contacted) long before the days planned below.
    // Small batches so a day's members span several batches (and two planners interleave).
    h = await startHarness({ now: '2025-05-01T10:00:00+08:00', env: { CARE_CONFIG: JSON.stringify({ batchSize: 10 }) } });
    ids.chen = (await members().findOneByOrFail({ name: '陈女士' })).id; // lunar 八月十五, a mother
    ids.liu = (await members().findOneByOrFail({ name: '刘先生' })).id; // solar 3月12日
    await addMember('wu', { name: '吴女士', gender: 'female', isMother: false, birthdayCalendar: 'solar', birthMonth: 3, birthDay: 12 });
    await addMember('sun', { name: '孙女士', gender: 'female', isMother: true, isTeacher: true });
    await addMember('zhou', { name: '周先生', gender: 'male', isFather: true, optedOut: true, birthdayCalendar: 'solar', birthMonth: 3, birthDay: 12 });
    await addMember('leap', { name: '郑先生', gender: 'male', birthdayCalendar: 'solar', birthMonth: 2, birthDay: 29 });
    for (let i = 0; i < 25; i++) await addMember(`filler${i}`, { name: `常客${i}` });
    await addMember('erased', { name: '已注销', gender: 'female', isMother: true, birthdayCalendar: 'solar', birthMonth: 3, birthDay: 12, erasedAt: new Date('2025-06-01T00:00:00Z') });
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates exactly one draft per birthday member, naming the member and signed by their assistant', async () => {
    const summary = await planAt('2026-03-12');
    expect(summary.byOccasion.birthday).toMatchObject({ candidates: 3, planned: 3 });
    const rows = await rowsOf('birthday', '2026-03-12');
    // 刘先生, 吴女士 and 周先生 (opted out: planned here, skipped with a reason by the dispatcher); not the erased member.
    expect(rows.map((r) => r.memberId)).toEqual([ids.liu, ids.wu, ids.zhou].sort((a, b) => a - b));
    const staff = await h.laoke.services.staff.assistants();
    for (const row of rows) {
      const m = await members().findOneByOrFail({ id: row.memberId });
      const assistant = staff.find((s) => s.id === m.assistantId)!;
      expect(row.text).toContain(m.name!);
      expect(row.text).toContain(assistant.name);
      expect(row.text).toMatch(/生日/);
      expect(row.text).not.toMatch(/\{\{|\}\}/);
      expect(row).toMatchObject({ status: 'draft', needsApproval: false, assistantId: m.assistantId, occasion: 'birthday', priority: 1 });
      expect(row.dueAt.toISOString()).toBe(new Date('2026-03-12T10:00:00+08:00').toISOString());
      expect(row.templateVariant).toEqual(expect.any(Number));
      expect(JSON.parse(row.meta!)).toEqual({ label: '生日' });
    }
    expect(rows.find((r) => r.memberId === ids.liu)!.text).toMatch(/刘先生/);
  });

  it('adds no second row when the same day is planned again', async () => {
    const again = await planAt('2026-03-12');
    expect(again.planned).toBe(0);
    expect(again.byOccasion.birthday).toMatchObject({ candidates: 3, planned: 0 });
    expect(await rowsOf('birthday', '2026-03-12')).toHaveLength(3);
  });

  it('adds no second row when two planners (two instances) plan the same festival day at once', async () => {
    const other = new CarePlanner({
      ds: h.laoke.ds,
      clock: h.clock,
      log: h.laoke.log,
      templates: h.laoke.templates,
      care: h.laoke.config.CARE_CONFIG,
      timezone: h.laoke.config.STORE_TIMEZONE,
      storeName: h.laoke.config.STORE_NAME,
      outbox: new OutboxQueue({ ds: h.laoke.ds, clock: h.clock }),
    });
    const mine = h.laoke.services.care.planner;
    const [a, b] = await Promise.all([mine.planDay('2026-12-25'), other.planDay('2026-12-25')]);
    const active = await members().count({ where: { erasedAt: IsNull() } });
    expect(active).toBeGreaterThan(30);
    expect(a.byOccasion.festival!.candidates).toBe(active);
    expect(a.planned + b.planned).toBe(active);
    const rows = await rowsOf('festival', '2026-12-25');
    expect(rows).toHaveLength(active);
    expect(new Set(rows.map((r) => r.memberId)).size).toBe(active);
    expect(rows.every((r) => /圣诞/.test(r.text))).toBe(true);
  });

  it('greets every member on a lunar festival, and a lunar birthday on the same day as well', async () => {
    const summary = await planAt('2026-09-25'); // 中秋 2026 = 农历八月十五, 陈女士's lunar birthday
    expect(summary.occasionsOfDay).toEqual(['中秋节']);
    const festival = await rowsOf('festival', '2026-09-25');
    expect(festival.map((r) => r.memberId)).not.toContain(ids.erased);
    expect(festival).toHaveLength(summary.byOccasion.festival!.planned);
    expect(festival.every((r) => r.text.includes('中秋') && r.priority === 3)).toBe(true);
    const birthday = await rowsOf('birthday', '2026-09-25');
    expect(birthday.map((r) => r.memberId)).toEqual([ids.chen]);
    expect(birthday[0].text).toMatch(/陈女士/);
    // The lunar birthday moves: next year it is on 2027-09-15.
    await planAt('2027-09-15');
    expect((await rowsOf('birthday', '2027-09-15')).map((r) => r.memberId)).toEqual([ids.chen]);
  });

  it('sends 母亲节 only to members known to be mothers', async () => {
    const summary = await planAt('2026-05-10');
    expect(summary.occasionsOfDay).toEqual(['母亲节']);
    const rows = await rowsOf('targeted_festival', '2026-05-10');
    expect(rows.map((r) => r.memberId)).toEqual([ids.chen, ids.sun]);
    expect(rows.every((r) => r.text.includes('母亲节'))).toBe(true);
    expect(await rowsOf('festival', '2026-05-10')).toHaveLength(0);
  });

  it('sends 三八 only to women and 父亲节 only to fathers', async () => {
    await planAt('2026-03-08');
    const women = (await members().find({ where: { gender: 'female' } })).filter((m) => !m.erasedAt).map((m) => m.id).sort((a, b) => a - b);
    expect((await rowsOf('targeted_festival', '2026-03-08')).map((r) => r.memberId)).toEqual(women);
    await planAt('2026-06-21');
    expect((await rowsOf('targeted_festival', '2026-06-21')).map((r) => r.memberId)).toEqual([ids.zhou]);
  });

  it('greets a 2月29日 birthday on 2月28日 in 2027', async () => {
    await planAt('2027-02-28');
    expect((await rowsOf('birthday', '2027-02-28')).map((r) => r.memberId)).toEqual([ids.leap]);
  });

  it('plans the season change on 立秋 for everyone, as care only', async () => {
    const summary = await planAt('2026-08-07');
    expect(summary.occasionsOfDay).toEqual(['立秋']);
    const rows = await rowsOf('season', '2026-08-07');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.text.includes('立秋') && !/新品|优惠|折扣/.test(r.text))).toBe(true);
  });

  it('never gives a member the same birthday variant two years running', async () => {
    const extra: number[] = [];
    for (let i = 0; i < 8; i++) extra.push(await addMember(`b${i}`, { name: `顾客${i}`, birthdayCalendar: 'solar', birthMonth: 7, birthDay: 1 }));
    await planAt('2026-07-01');
    await planAt('2027-07-01');
    await planAt('2028-07-01');
    const byYear = async (day: string) => new Map((await outbox().find({ where: { occasion: 'birthday', occasionDate: day, memberId: In(extra) } })).map((r) => [r.memberId, r.templateVariant]));
    const [y1, y2, y3] = [await byYear('2026-07-01'), await byYear('2027-07-01'), await byYear('2028-07-01')];
    expect(y1.size).toBe(8);
    for (const id of extra) {
      expect(y2.get(id)).not.toBe(y1.get(id));
      expect(y3.get(id)).not.toBe(y2.get(id));
    }
  });

  it('writes to a member who has been quiet for 60 days once per quiet spell', async () => {
    const quiet = await addMember('quiet', { name: '钱女士', lastContactAt: new Date('2026-01-05T15:00:00+08:00'), lastPurchaseAt: new Date('2025-12-20T11:00:00+08:00') });
    // 2026-01-05 + 60 days = 2026-03-06.
    await planAt('2026-03-05');
    expect(await rowsOf('long_time_no_see', '2026-03-05')).toHaveLength(0);
    await planAt('2026-03-06');
    const [row] = await rowsOf('long_time_no_see', '2026-03-06');
    expect(row).toMatchObject({ memberId: quiet, status: 'draft', needsApproval: true, occasion: 'long_time_no_see' });
    expect(row.text).toMatch(/钱女士/);
    expect(row.dueAt.toISOString()).toBe(new Date('2026-03-06T15:00:00+08:00').toISOString());
    // The next days (within the catch-up window) find the same spell: no second message.
    await planAt('2026-03-07');
    await planAt('2026-03-08');
    expect(await outbox().count({ where: { memberId: quiet, occasion: 'long_time_no_see' } })).toBe(1);
    // She chats again on 2026-03-20; a new quiet spell reaches 60 days on 2026-05-19.
    await members().update({ id: quiet }, { lastContactAt: new Date('2026-03-20T09:00:00+08:00') });
    await planAt('2026-05-19');
    expect((await rowsOf('long_time_no_see', '2026-05-19')).map((r) => r.memberId)).toEqual([quiet]);
    expect(await outbox().count({ where: { memberId: quiet, occasion: 'long_time_no_see' } })).toBe(2);
  });

  it('catches a quiet spell up when planning did not run on its day', async () => {
    const late = await addMember('late', { name: '冯先生', lastContactAt: new Date('2026-02-01T12:00:00+08:00') });
    // 60 days after 2026-02-01 is 2026-04-02; planning next runs on 2026-04-04.
    await planAt('2026-04-04');
    expect((await rowsOf('long_time_no_see', '2026-04-04')).map((r) => r.memberId)).toContain(late);
  });

  it('follows up 3 days after a purchase, and 10 days after a first purchase', async () => {
    const buyer = await addMember('buyer', { name: '何女士' });
    const buy = async (at: string, items: string, first: boolean, key: string) => {
      await h.laoke.ds.getRepository(Purchase).insert({
        memberId: buyer,
        purchasedAt: new Date(at),
        items,
        category: null,
        quantity: 1,
        amountFen: 59900,
        store: null,
        assistantId: null,
        idempotencyKey: key,
        source: 'api',
        isFirstPurchase: first,
        createdAt: new Date(at),
      });
      await members().update({ id: buyer }, { lastPurchaseAt: new Date(at) });
    };
    await buy('2026-10-01T19:30:00+08:00', '羊毛大衣', true, 'p1');
    await buy('2026-10-01T19:31:00+08:00', '围巾', false, 'p2');
    await buy('2026-10-02T11:00:00+08:00', '手套', false, 'p3');

    await planAt('2026-10-03');
    expect(await rowsOf('post_purchase', '2026-10-03')).toHaveLength(0);
    await planAt('2026-10-04');
    const [first] = await rowsOf('post_purchase', '2026-10-04');
    expect(first).toMatchObject({ memberId: buyer, status: 'draft', needsApproval: false });
    expect(first.text).toMatch(/何女士/);
    expect(first.text).toMatch(/羊毛大衣、围巾/);
    await planAt('2026-10-05');
    expect((await rowsOf('post_purchase', '2026-10-05'))[0].text).toMatch(/手套/);

    await planAt('2026-10-11');
    const [followup] = await rowsOf('first_purchase_followup', '2026-10-11');
    expect(followup.memberId).toBe(buyer);
    expect(followup.text).toMatch(/羊毛大衣/);
    expect(followup.text).not.toMatch(/围巾/);
    await planAt('2026-10-12');
    expect(await rowsOf('first_purchase_followup', '2026-10-12')).toHaveLength(0);
  });

  it('runs from the dev route, lists the calendar, and never logs a phone number', async () => {
    h.clock.set(new Date('2026-10-18T07:00:00+08:00'), { freeze: true });
    const res = await h.http.post('/dev/jobs/care-plan/run').send({});
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toMatch(/重阳节/);
    expect(await rowsOf('festival', '2026-10-18')).not.toHaveLength(0);
    const cal = await h.http.get('/admin/care/calendar?from=2026-09-20&days=40').set('authorization', `Bearer ${h.managerToken}`);
    expect(cal.status).toBe(200);
    expect(cal.body.days).toEqual(
      expect.arrayContaining([
        { date: '2026-09-25', occasions: [{ occasion: 'festival', id: 'mid_autumn', label: '中秋节' }] },
        { date: '2026-10-18', occasions: [{ occasion: 'festival', id: 'double_ninth', label: '重阳节' }] },
      ]),
    );
    expect(h.logLines.join('\n')).not.toMatch(/13800138001|13900139002/);
  });
});
