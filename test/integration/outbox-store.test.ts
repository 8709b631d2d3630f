import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { OutboxQueue } from '../../src/outbox/outbox-queue';
import { OutboxStore } from '../../src/outbox/outbox-store';
import { Member } from '../../src/members/member.entity';
import { startHarness, type Harness } from '../support/harness';

describe('outbox store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('inserts a batch and ignores rows whose member + occasion + date already exist', async () => {
    const store = new OutboxStore(h.laoke.ds, h.clock);
    const item = (memberId: number) => ({
      memberId,
      assistantId: null,
      occasion: 'birthday' as const,
      occasionDate: '2026-11-22',
      text: '生日快乐',
      dueAt: h.clock.now(),
    });
    expect(await store.insertMany([item(1), item(2)])).toBe(2);
    expect(await store.insertMany([item(1), item(2), item(3)])).toBe(1);
    const again = await store.enqueue(item(3));
    expect(again.created).toBe(false);
    expect(await h.laoke.ds.getRepository(OutboxMessage).count()).toBe(3);
    // A column the caller leaves out takes its declared default, as an ORM insert would (not NULL).
    expect((await h.laoke.ds.getRepository(OutboxMessage).find()).map((r) => r.account)).toEqual(['store', 'store', 'store']);
  });

  it('refuses a row with a missing text instead of skipping or blanking it, on either database', async () => {
    const store = new OutboxStore(h.laoke.ds, h.clock);
    const bad = { memberId: 9, assistantId: null, occasion: 'festival' as const, occasionDate: '2026-11-23', text: null as unknown as string, dueAt: h.clock.now() };
    await expect(store.insertMany([bad])).rejects.toThrow();
    expect(await h.laoke.ds.getRepository(OutboxMessage).countBy({ memberId: 9 })).toBe(0);
  });

  it('queues through the port one row or a batch, filling in the member’s assistant unless the caller gave it', async () => {
    const port = new OutboxQueue({ ds: h.laoke.ds, clock: h.clock });
    const [a, b] = await h.laoke.ds.getRepository(Member).find({ order: { id: 'ASC' }, take: 2 });
    const item = (memberId: number, occasionDate: string) => ({ memberId, occasion: 'season' as const, occasionDate, text: '换季了', dueAt: h.clock.now() });
    expect(await port.enqueueMany([item(a.id, '2026-11-30'), { ...item(b.id, '2026-11-30'), assistantId: null, templateVariant: 2 }])).toBe(2);
    expect(await port.enqueueMany([item(a.id, '2026-11-30')])).toBe(0);
    const single = await port.enqueue(item(b.id, '2026-12-01'));
    expect(single.created).toBe(true);
    const rows = await h.laoke.ds.getRepository(OutboxMessage).find({ where: { occasion: 'season' }, order: { id: 'ASC' } });
    expect(rows.map((r) => [r.memberId, r.assistantId, r.templateVariant])).toEqual([
      [a.id, a.assistantId, null],
      [b.id, null, 2],
      [b.id, b.assistantId, null],
    ]);
  });
});
