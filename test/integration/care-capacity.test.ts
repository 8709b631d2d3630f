import { In, IsNull } from 'typeorm';
import { MemberSegment } from '../../src/loyalty/segments/member-segment.entity';
import { ChatMessage } from '../../src/members/chat-message.entity';
import { Member } from '../../src/members/member.entity';
import type { DispatchResult } from '../../src/outbox/dispatcher';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { addMember, at, dispatch, insertRows, rowFor } from './outbox-fixtures';

/**
 * A simulated Christmas on one account whose ceiling is 5 messages a day, with 12 members (mixed tiers
 * and RFM segments, one with her birthday on Christmas day), the clock moved from ten days before: the
 * forecast shows the overflow, the manager hears about it ahead with the numbers, on the day the
 * birthday goes first and higher tiers before lower, what the ceiling leaves ends `capacity` at day
 * end and is never sent the next morning, the manager is told, and the report counts it all.
 */
describe('a festival with more members than the account can greet in a day', () => {
  let h: Harness;
  const outbox = () => h.laoke.ds.getRepository(OutboxMessage);
  const manager = () => ({ Authorization: `Bearer ${h.managerToken}` });
  const job = async (name: string, isoLocal: string) => {
    h.clock.set(at(isoLocal), { freeze: true });
    return h.laoke.scheduler.runNow(name);
  };
  const managerSince = async (n: number) => (await h.sentTo(DEMO.manager.id)).slice(n).join('\n');
  const byName = new Map<string, Member>();

  beforeAll(async () => {
    h = await startHarness({
      now: '2026-12-15T08:00:00+08:00',
      env: { OUTBOX_DAILY_LIMIT: '5', OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0', TIER_THRESHOLDS: 'silver:10000,gold:20000,diamond:50000' },
    });
    // Only this test's members: the demo store's leave.
    await h.laoke.ds.getRepository(Member).update({ erasedAt: IsNull() }, { erasedAt: h.clock.now() });
    const liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    const people: [string, string, Partial<Member>][] = [
      ['wx-cap-01', '钱一', { tier: 'none' }],
      ['wx-cap-02', '孙二', { tier: 'silver' }],
      ['wx-cap-03', '李三', { tier: 'gold' }],
      ['wx-cap-04', '周四', { tier: 'none' }],
      ['wx-cap-05', '吴五', { tier: 'silver' }],
      ['wx-cap-06', '郑六', { tier: 'none', birthdayCalendar: 'solar', birthMonth: 12, birthDay: 25 }],
      ['wx-cap-07', '王七', { tier: 'gold' }],
      ['wx-cap-08', '冯八', { tier: 'none' }],
      ['wx-cap-09', '陈九', { tier: 'silver' }],
      ['wx-cap-10', '褚十', { tier: 'none' }],
      ['wx-cap-11', '卫十一', { tier: 'none' }],
      ['wx-cap-12', '蒋十二', { tier: 'none' }],
    ];
    for (const [contact, name, profile] of people) {
      const m = await addMember(h, contact, name, liliId);
      await h.laoke.ds.getRepository(Member).update({ id: m.id }, profile);
      byName.set(name, m);
    }
    // Among the silver members, RFM decides: 陈九 high-value, 孙二 general, 吴五 low-value.
    const segment = (name: string, s: MemberSegment['segment']) => ({ memberId: byName.get(name)!.id, recency: 3, frequency: 3, monetary: 3, segment: s, changedAt: h.clock.now() });
    await h.laoke.ds.getRepository(MemberSegment).insert([segment('陈九', 'high_value'), segment('孙二', 'general'), segment('吴五', 'low_value')]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('forecasts the overflow of Christmas day ten days ahead, birthday places first', async () => {
    const res = await h.http.get('/admin/care/forecast?days=30').set(manager()).expect(200);
    expect(res.body.from).toBe('2026-12-15');
    const store = res.body.accounts.find((a: { account: string }) => a.account === 'store');
    expect(store.ceiling).toBe(5);
    const christmas = store.days.find((d: { date: string }) => d.date === '2026-12-25');
    expect(christmas).toMatchObject({ total: 13, ceiling: 5, fits: false, overflow: 8 });
    expect(christmas.occasions).toEqual([
      { occasion: 'birthday', label: '生日', count: 1, source: 'estimate', unsent: 0 },
      { occasion: 'festival', label: '圣诞节', count: 12, source: 'estimate', unsent: 8 },
    ]);
    expect(store.days.find((d: { date: string }) => d.date === '2026-12-24')).toMatchObject({ total: 0, fits: true, overflow: 0 });
    // The horizon is validated: at most 60 days.
    await h.http.get('/admin/care/forecast?days=61').set(manager()).expect(400);
  });

  it('warns the manager in the morning digest ten and seven days ahead, with the numbers and what would help', async () => {
    let before = (await h.sentTo(DEMO.manager.id)).length;
    await job('care-digest', '2026-12-15T09:00:00');
    const tenAhead = await managerSince(before);
    expect(tenAhead).toMatch(/12月25日（还有 10 天）/);
    expect(tenAhead).toMatch(/13 条.*最多 5 条.*多出 8 条.*圣诞节祝福约有 8 位/);
    // 13 messages need three accounts of 5: two more.
    expect(tenAhead).toMatch(/再添 2 个微信号/);
    expect(tenAhead).toMatch(/只发给更重要的会员/);
    expect(tenAhead).toMatch(/发送时间提前/);

    before = (await h.sentTo(DEMO.manager.id)).length;
    await job('care-digest', '2026-12-16T09:00:00');
    expect(await managerSince(before)).not.toMatch(/12月25日/);

    before = (await h.sentTo(DEMO.manager.id)).length;
    await job('care-digest', '2026-12-18T09:00:00');
    expect(await managerSince(before)).toMatch(/12月25日（还有 7 天）.*多出 8 条/);
  });

  it('on the day sends the birthday first, then the higher tiers and better segments, up to the ceiling', async () => {
    await job('care-plan', '2026-12-25T06:30:00');
    const planned = await outbox().find({ where: { occasionDate: '2026-12-25' }, order: { id: 'ASC' } });
    expect(planned.filter((r) => r.occasion === 'festival')).toHaveLength(12);
    // The member's value is stored on the row when it is queued: gold < silver by segment < none.
    const rank = (name: string) => planned.find((r) => r.occasion === 'festival' && r.memberId === byName.get(name)!.id)!.valueRank;
    expect(rank('李三')).toBe(rank('王七'));
    expect(rank('李三')).toBeLessThan(rank('陈九'));
    expect(rank('陈九')).toBeLessThan(rank('孙二'));
    expect(rank('孙二')).toBeLessThan(rank('吴五'));
    expect(rank('吴五')).toBeLessThan(rank('钱一'));

    // On the day the forecast counts the rows themselves.
    h.clock.set(at('2026-12-25T08:00:00'), { freeze: true });
    const res = await h.http.get('/admin/care/forecast?days=1').set(manager()).expect(200);
    expect(res.body.accounts[0].days[0]).toMatchObject({ date: '2026-12-25', total: 13, overflow: 8 });
    expect(res.body.accounts[0].days[0].occasions.map((o: { source: string }) => o.source)).toEqual(['planned', 'planned']);

    await job('care-digest', '2026-12-25T09:00:00');
    await job('care-cutoff', '2026-12-25T12:00:00');
    const r = await dispatch(h);
    expect(r.sent).toBe(5);
    expect(r.stoppedBy).toBe('daily_limit');
    // The order they went out in: the transcript of the store account (the frozen clock gives one sentAt).
    const contacts = new Map([...byName.entries()].map(([name, m], i) => [`wx-cap-${String(i + 1).padStart(2, '0')}`, { name, id: m.id }]));
    const out = await h.laoke.ds.getRepository(ChatMessage).find({ where: { direction: 'out', contactId: In([...contacts.keys()]) }, order: { id: 'ASC' } });
    const order = out.map((m) => contacts.get(m.contactId)!.name);
    expect(order).toHaveLength(5);
    expect(order[0]).toBe('郑六');
    expect(new Set(order.slice(1, 3))).toEqual(new Set(['李三', '王七']));
    expect(order.slice(3)).toEqual(['陈九', '孙二']);
    const sent = await outbox().find({ where: { status: 'sent' } });
    expect(sent.find((s) => s.memberId === byName.get('郑六')!.id)!.occasion).toBe('birthday');

    // Later that day the ceiling holds.
    expect(await job('outbox-dispatch', '2026-12-25T16:00:00')).toMatchObject({ sent: 0, stoppedBy: 'daily_limit' });
  });

  it('ends the rest `capacity` at day end and sends nothing of the festival the next morning', async () => {
    const r = (await job('outbox-dispatch', '2026-12-26T00:05:00')) as DispatchResult;
    expect(r.reasons).toMatchObject({ capacity: 7 });
    const festival = await outbox().find({ where: { occasion: 'festival', occasionDate: '2026-12-25' } });
    expect(festival.filter((f) => f.status === 'skipped' && f.reason === 'capacity')).toHaveLength(7);
    expect(festival.filter((f) => f.status === 'queued' || f.status === 'draft')).toHaveLength(0);
    // The birthday member's festival greeting gave way to her birthday (not a capacity loss).
    expect(festival.find((f) => f.memberId === byName.get('郑六')!.id)!.reason).not.toBe('capacity');

    const sentBefore = await outbox().countBy({ status: 'sent' });
    await job('outbox-dispatch', '2026-12-26T10:00:00');
    await job('outbox-dispatch', '2026-12-26T15:00:00');
    expect(await outbox().countBy({ status: 'sent' })).toBe(sentBefore);
    expect(await h.sentTo('wx-cap-01')).toHaveLength(0);
  });

  it("names yesterday's held-back greetings in the manager's next digest", async () => {
    const before = (await h.sentTo(DEMO.manager.id)).length;
    await job('care-digest', '2026-12-26T09:00:00');
    expect(await managerSince(before)).toMatch(/昨天圣诞节祝福有 7 位因发送上限没有发出/);
  });

  it('counts `capacity` among the skip reasons and reports the on-time rate per occasion', async () => {
    const res = await h.http.get('/admin/reports/care?month=2026-12').set(manager()).expect(200);
    expect(res.body.skipReasons.capacity).toBe(7);
    const onTime = (occasion: string) => res.body.onTime.find((o: { occasion: string }) => o.occasion === occasion);
    expect(onTime('festival')).toEqual({ occasion: 'festival', planned: 12, onTime: 4, rate: 0.333 });
    expect(onTime('birthday')).toEqual({ occasion: 'birthday', planned: 1, onTime: 1, rate: 1 });
  });

  it('ends a follow-up that expired while its account was at its ceiling as `capacity`, not `expired`', async () => {
    // Due on Christmas day, when the account had no place left; two days later it is past OUTBOX_EXPIRE_HOURS.
    const [row] = await insertRows(h, [rowFor(byName.get('蒋十二')!, 'post_purchase', { occasionDate: '2026-12-25', dueAt: at('2026-12-25T14:00:00') })]);
    const r = (await job('outbox-dispatch', '2026-12-27T15:00:00')) as DispatchResult;
    expect(r).toMatchObject({ sent: 0, reasons: { capacity: 1 } });
    expect(await outbox().findOneByOrFail({ id: row.id })).toMatchObject({ status: 'skipped', reason: 'capacity' });
  });
});
