import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { OutboxStore } from '../../src/outbox/outbox-store';
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
  });

  it('refuses a row with a missing text instead of skipping or blanking it, on either database', async () => {
    const store = new OutboxStore(h.laoke.ds, h.clock);
    const bad = { memberId: 9, assistantId: null, occasion: 'festival' as const, occasionDate: '2026-11-23', text: null as unknown as string, dueAt: h.clock.now() };
    await expect(store.insertMany([bad])).rejects.toThrow();
    expect(await h.laoke.ds.getRepository(OutboxMessage).countBy({ memberId: 9 })).toBe(0);
  });
});
