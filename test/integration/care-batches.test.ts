import { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { Purchase } from '../../src/purchases/purchase.entity';
import { startHarness, type Harness } from '../support/harness';

/** The planner's batch boundaries (batchSize 10): nobody is lost or planned twice where a batch ends. */
describe('care planning in batches', () => {
  let h: Harness;
  const members = () => h.laoke.ds.getRepository(Member);
  const rowsOf = (occasion: string, occasionDate: string) =>
    h.laoke.ds.getRepository(OutboxMessage).find({ where: { occasion: occasion as OutboxMessage['occasion'], occasionDate }, order: { memberId: 'ASC' } });
  const addMember = async (name: string, fields: Partial<Member> = {}) => {
    const m = await h.laoke.services.members.create({ name, source: 'staff' });
    if (Object.keys(fields).length) await members().update({ id: m.id }, fields);
    return m.id;
  };
  let key = 0;
  const buy = (memberId: number, at: string, items: string) =>
    h.laoke.ds.getRepository(Purchase).insert({
      memberId,
      purchasedAt: new Date(at),
      items,
      category: null,
      quantity: 1,
      amountFen: 1000,
      store: null,
      assistantId: null,
      idempotencyKey: `b-${++key}`,
      source: 'api',
      isFirstPurchase: false,
      createdAt: new Date(at),
    });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-01-01T10:00:00+08:00', env: { CARE_CONFIG: JSON.stringify({ batchSize: 10 }) } });
  });
  afterAll(() => h.close());

  it('plans one follow-up per buyer with all their lines when a day has more purchase lines than a batch', async () => {
    const buyers: number[] = [];
    for (let i = 0; i < 13; i++) buyers.push(await addMember(`买家${i}`));
    // Buyer 4 alone has more lines than a batch holds; the others one or two each.
    for (const [i, id] of buyers.entries()) {
      if (i === 4) for (let j = 0; j < 12; j++) await buy(id, `2026-05-01T1${j % 10}:00:00+08:00`, j === 0 ? '羊毛大衣' : j === 1 ? '围巾' : '手套');
      else {
        await buy(id, '2026-05-01T11:00:00+08:00', '运动鞋');
        if (i % 3 === 0) await buy(id, '2026-05-01T12:00:00+08:00', '保温杯');
      }
    }
    h.clock.set(new Date('2026-05-04T06:30:00+08:00'), { freeze: true });
    await h.laoke.scheduler.runNow('care-plan');
    const rows = await rowsOf('post_purchase', '2026-05-04');
    expect(rows.map((r) => r.memberId)).toEqual(buyers);
    expect(rows[4].text).toContain('羊毛大衣、围巾等');
    expect(rows[3].text).toContain('运动鞋、保温杯');
  });

  it('plans every quiet member once when the quiet spells span several batches and both activity columns', async () => {
    const quiet: number[] = [];
    // Last activity 60 days before 2026-07-10 (2026-05-11), at the same instant for some, by contact or by purchase.
    for (let i = 0; i < 23; i++) {
      const at = new Date(`2026-05-11T${String(8 + (i % 3)).padStart(2, '0')}:00:00+08:00`);
      const earlier = new Date('2026-03-01T10:00:00+08:00');
      quiet.push(await addMember(`安静${i}`, i % 2 ? { lastContactAt: at, lastPurchaseAt: earlier } : { lastContactAt: earlier, lastPurchaseAt: at }));
    }
    // Active again later: not quiet.
    await addMember('回来了', { lastContactAt: new Date('2026-05-11T09:00:00+08:00'), lastPurchaseAt: new Date('2026-06-20T09:00:00+08:00') });
    h.clock.set(new Date('2026-07-10T06:30:00+08:00'), { freeze: true });
    await h.laoke.scheduler.runNow('care-plan');
    expect((await rowsOf('long_time_no_see', '2026-07-10')).map((r) => r.memberId)).toEqual(quiet);
    // The next day is within the catch-up window, but these spells have had their message.
    h.clock.set(new Date('2026-07-11T06:30:00+08:00'), { freeze: true });
    await h.laoke.scheduler.runNow('care-plan');
    expect(await rowsOf('long_time_no_see', '2026-07-11')).toHaveLength(0);
  });
});
