import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { OutboxSender } from '../../src/outbox/outbox-sender.entity';
import { startHarness, type Harness } from '../support/harness';
import { addMember, dispatch, insertRows, rowFor, withSecondInstance } from './outbox-fixtures';

/**
 * Pacing off (no gap): only the daily ceiling limits the account. A dispatcher takes ceiling slots a
 * few at a time instead of writing the one pacing row for every message (where parallel dispatchers
 * would queue), gives back what it did not use, and the ceiling still holds across instances.
 */
describe('the daily ceiling with pacing off', () => {
  let h: Harness;
  let liliId: number;
  const sender = () => h.laoke.ds.getRepository(OutboxSender).findOneByOrFail({ account: 'store' });

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0', OUTBOX_DAILY_LIMIT: '15' } });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('takes slots a batch at a time: 12 messages write the pacing row at most 3 times, and the unused slots are given back', async () => {
    const members = [];
    for (let i = 0; i < 12; i++) members.push(await addMember(h, `wx-u${i}`, `不限速${i}`, liliId));
    await insertRows(h, members.map((m) => rowFor(m, 'post_purchase')));
    expect(await dispatch(h)).toMatchObject({ sent: 12, stoppedBy: 'idle', waiting: 0 });
    // `version` counts the writes of the row; before batches it was one per message (12).
    expect(await sender()).toMatchObject({ day: '2026-11-23', sentToday: 12 });
    expect((await sender()).version).toBeLessThanOrEqual(3);
    for (let i = 0; i < 12; i++) expect(await h.sentTo(`wx-u${i}`)).toHaveLength(1);
  });

  it('keeps the daily ceiling across two instances racing: 3 slots left, 3 messages sent, the rest wait', async () => {
    const members = [];
    for (let i = 0; i < 8; i++) members.push(await addMember(h, `wx-v${i}`, `到顶${i}`, liliId));
    await insertRows(h, members.map((m) => rowFor(m, 'post_purchase')));
    // A second instance: its own DataSource on the same database.
    await withSecondInstance(h, async (other) => {
    const results = await Promise.all([dispatch(h), other.run()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(3);
    for (const r of results) expect(r.stoppedBy).toBe('daily_limit');
    });
    expect((await sender()).sentToday).toBe(15);
    const received = await Promise.all(members.map((_, i) => h.sentTo(`wx-v${i}`)));
    expect(received.map((r) => r.length).reduce((a, b) => a + b, 0)).toBe(3);
    expect(await h.laoke.ds.getRepository(OutboxMessage).countBy({ status: 'queued' })).toBe(5);
    expect(await dispatch(h)).toMatchObject({ sent: 0, stoppedBy: 'daily_limit', waiting: 5 });
  });
});
