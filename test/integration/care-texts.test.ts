import { IsNull } from 'typeorm';
import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { addMember, at, dispatch, insertRows, outboxRow, rowFor } from './outbox-fixtures';

/** Texts stay true and signed: birthdays name the day, late messages never say 今天 about another day, edits keep the tone. */
describe('care texts stay true and signed', () => {
  let h: Harness;
  let liliId: number;
  const outbox = () => h.laoke.ds.getRepository(OutboxMessage);
  const job = async (name: string, isoLocal: string) => {
    h.clock.set(at(isoLocal), { freeze: true });
    return h.laoke.scheduler.runNow(name);
  };
  const freshStart = () => h.laoke.ds.getRepository(Member).update({ erasedAt: IsNull() }, { erasedAt: h.clock.now() });
  const member = async (contact: string, name: string, profile: Partial<Member> = {}) => {
    const m = await addMember(h, contact, name, liliId);
    if (Object.keys(profile).length) await h.laoke.ds.getRepository(Member).update({ id: m.id }, profile);
    return m;
  };

  beforeAll(async () => {
    // Birthdays are due at 21:30, inside quiet hours: they wait for the next morning.
    h = await startHarness({
      now: '2027-04-01T08:00:00+08:00',
      env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0', CARE_CONFIG: JSON.stringify({ occasions: { birthday: { sendTime: '21:30' } } }) },
    });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    await freshStart();
  });
  afterAll(async () => {
    await h.close();
  });

  it('names the day in every birthday text, solar or lunar', async () => {
    // 2027-04-14 is 农历三月初八.
    const solar = ['甲', '乙', '丙', '丁', '戊', '己'];
    const lunar = ['庚', '辛', '壬', '癸', '子', '丑'];
    for (const [i, n] of solar.entries()) await member(`wx-t-s${i}`, `${n}女士`, { birthdayCalendar: 'solar', birthMonth: 4, birthDay: 14 });
    for (const [i, n] of lunar.entries()) await member(`wx-t-l${i}`, `${n}先生`, { birthdayCalendar: 'lunar', birthMonth: 3, birthDay: 8 });
    await job('care-plan', '2027-04-14T06:30:00');
    const rows = await outbox().find({ where: { occasion: 'birthday', occasionDate: '2027-04-14' } });
    expect(rows).toHaveLength(12);
    // All the variants are used, and each names the day.
    expect(new Set(rows.map((r) => r.templateVariant)).size).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      const m = await h.laoke.ds.getRepository(Member).findOneByOrFail({ id: r.memberId });
      expect(r.text).toContain(m.birthdayCalendar === 'lunar' ? '农历三月初八' : '4月14日');
    }
  });

  it('re-renders a birthday held past its day for the day it goes out, and never says 今天 about another day', async () => {
    // The 04-14 birthdays were approved; due 21:30 (quiet hours), they go out the next morning.
    await job('care-digest', '2027-04-14T09:00:00');
    await h.say(DEMO.lili, '全部发送');
    expect(await job('outbox-dispatch', '2027-04-14T21:30:00')).toMatchObject({ sent: 0, stoppedBy: 'quiet' });
    h.clock.set(at('2027-04-15T09:00:00'), { freeze: true });
    for (let i = 0; i < 20 && (await outbox().countBy({ status: 'queued' })); i++) await dispatch(h);
    const rows = await outbox().find({ where: { occasion: 'birthday', occasionDate: '2027-04-14' } });
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    for (const r of rows) {
      expect(r.text).toMatch(/昨天/);
      expect(r.text).not.toMatch(/今天/);
      expect(r.text).toMatch(/4月14日|农历三月初八/);
      expect(r.text).toContain('李丽');
    }
    const s0 = rows.find((r) => r.text.includes('甲女士'))!;
    expect(await h.sentTo('wx-t-s0')).toEqual([s0.text]);
  });

  it('ends a festival or season greeting held past its day as expired with the reason, and keeps a purchase follow-up', async () => {
    await freshStart();
    const m = await member('wx-t-late', '晚到的', { gender: 'female' });
    h.clock.set(at('2027-06-09T08:00:00'), { freeze: true });
    const [festival, season, follow] = await insertRows(h, [
      rowFor(m, 'festival', { occasionDate: '2027-06-09', dueAt: at('2027-06-09T20:50:00'), text: '晚到的，端午安康！—— 李丽', meta: { label: '端午节' } }),
      rowFor(m, 'season', { occasionDate: '2027-06-08', dueAt: at('2027-06-08T20:50:00'), text: '晚到的，今天立夏。—— 李丽', meta: { label: '立夏' } }),
      rowFor(m, 'post_purchase', { occasionDate: '2027-06-09', dueAt: at('2027-06-09T20:55:00'), text: '晚到的，裙子穿着还合身吗？—— 李丽' }),
    ]);
    await outbox().update({ id: festival.id }, { decidedBy: liliId });
    const before = (await h.sentTo(DEMO.lili.id)).length;
    h.clock.set(at('2027-06-10T09:00:00'), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 1, skipped: 2, reasons: { 'expired:day_passed': 2 } });
    expect(await outboxRow(h, festival.id)).toMatchObject({ status: 'skipped', reason: 'expired:day_passed' });
    expect(await outboxRow(h, season.id)).toMatchObject({ status: 'skipped', reason: 'expired:day_passed' });
    expect(await outboxRow(h, follow.id)).toMatchObject({ status: 'sent', text: '晚到的，裙子穿着还合身吗？—— 李丽' });
    expect(await h.sentTo('wx-t-late')).toEqual(['晚到的，裙子穿着还合身吗？—— 李丽']);
    // The assistant approved the festival greeting: she hears that it did not go, and why.
    expect((await h.sentTo(DEMO.lili.id)).slice(before)).toEqual([expect.stringMatching(/晚到的[\s\S]*端午节[\s\S]*过了/)]);
  });

  describe('an assistant’s edit', () => {
    let wang: Member;
    let zhao: Member;
    let festival: OutboxMessage;
    let birthday: OutboxMessage;
    let season: OutboxMessage;

    beforeAll(async () => {
      h.clock.set(at('2027-06-20T08:00:00'), { freeze: true });
      await freshStart();
      wang = await member('wx-t-wang', '王阿姨');
      zhao = await member('wx-t-zhao', '赵先生', { birthdayCalendar: 'solar', birthMonth: 6, birthDay: 20 });
      const third = await member('wx-t-sun', '孙女士');
      [festival, birthday, season] = await insertRows(h, [
        rowFor(wang, 'festival', { occasionDate: '2027-06-20', dueAt: at('2027-06-20T10:00:00'), draft: true, text: '王阿姨，节日快乐！—— 李丽', meta: { label: '端午节' } }),
        rowFor(zhao, 'birthday', { occasionDate: '2027-06-20', dueAt: at('2027-06-20T10:00:00'), draft: true, text: '赵先生，生日快乐（6月20日）！—— 李丽', meta: { label: '生日' } }),
        rowFor(third, 'season', { occasionDate: '2027-06-20', dueAt: at('2027-06-20T10:00:00'), draft: true, text: '孙女士，夏至了，多喝水。—— 李丽', meta: { label: '夏至' } }),
      ]);
      await job('care-digest', '2027-06-20T09:00:00');
    });

    const noOf = async (m: Member) => {
      const [list] = (await h.say(DEMO.lili, '草稿')).slice(-1);
      return /(\d+)\. /.exec(list.split('\n\n').find((l) => l.includes(m.name!))!)![1];
    };

    it('refuses a promotion word in a festival text in chat with a short explanation, and signs the accepted text', async () => {
      const no = await noOf(wang);
      const [refused] = await h.say(DEMO.lili, `修改 ${no} 王阿姨，端午安康！店里粽子礼盒八折优惠，欢迎来看看`);
      expect(refused).toMatch(/优惠/);
      expect(refused).toMatch(new RegExp(`修改 ${no}`));
      expect(refused).not.toMatch(/已改好/);
      expect(await outboxRow(h, festival.id)).toMatchObject({ status: 'draft', text: '王阿姨，节日快乐！—— 李丽' });
      const [ok] = await h.say(DEMO.lili, `修改 ${no} 王阿姨，端午安康！记得吃粽子，注意防暑。`);
      expect(ok).toMatch(/已改好/);
      expect(await outboxRow(h, festival.id)).toMatchObject({ status: 'queued', text: '王阿姨，端午安康！记得吃粽子，注意防暑。\n—— 您的导购 李丽', decidedBy: liliId });
    });

    it('lets a birthday text carry a small gift note, and does not sign twice', async () => {
      const no = await noOf(zhao);
      await h.say(DEMO.lili, `修改 ${no} 赵先生，6月20日生日快乐！到店有专属优惠小礼物。—— 李丽`);
      expect(await outboxRow(h, birthday.id)).toMatchObject({ status: 'queued', text: '赵先生，6月20日生日快乐！到店有专属优惠小礼物。—— 李丽' });
    });

    it('answers 400 naming the text field over HTTP, and signs what it accepts', async () => {
      const token = await h.laoke.services.staff.issueToken(liliId);
      const auth = { Authorization: `Bearer ${token}` };
      const bad = await h.http.put(`/admin/care/drafts/${season.id}`).set(auth).send({ text: '孙女士，夏至了，夏装新品到店。' }).expect(400);
      expect(bad.body.error.code).toBe('validation_failed');
      expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'text', message: expect.stringMatching(/新品/) })]);
      expect((await outboxRow(h, season.id)).status).toBe('draft');
      const good = await h.http.put(`/admin/care/drafts/${season.id}`).set(auth).send({ text: '孙女士，夏至了，天热多喝水。' }).expect(200);
      expect(good.body).toMatchObject({ status: 'queued', text: '孙女士，夏至了，天热多喝水。\n—— 您的导购 李丽' });
      const again = await h.http.put(`/admin/care/drafts/${season.id}`).set(auth).send({ text: '孙女士，夏至了，天热多喝水。\n—— 您的导购 李丽' }).expect(200);
      expect(again.body.text).toBe('孙女士，夏至了，天热多喝水。\n—— 您的导购 李丽');
    });
  });
});
