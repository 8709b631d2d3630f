import { ChatMessage } from '../../src/members/chat-message.entity';
import { startHarness, type Harness } from '../support/harness';
import { addMember, at, dispatch, drain, insertRows, rowFor, total } from './outbox-fixtures';

describe('pacing of the sending account', () => {
  let h: Harness;

  beforeAll(async () => {
    // The default gap (5–10 s with jitter) and a small daily ceiling.
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { OUTBOX_DAILY_LIMIT: '3' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('keeps a jittered gap of 5–10 seconds between messages, measured on the service clock', async () => {
    const liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
    const members = [];
    for (let i = 0; i < 4; i++) members.push(await addMember(h, `wx-t${i}`, `顾客${i}`, liliId));
    // Purchase follow-ups: one carried over to the next morning is still true then (a festival greeting
    // would expire as day_passed, see care-texts.test.ts).
    await insertRows(h, members.map((m) => rowFor(m, 'post_purchase')));
    const first = await dispatch(h);
    expect(first).toMatchObject({ sent: 1, stoppedBy: 'throttled', waiting: 3 });
    const slot = new Date(first.nextSlotAt!).getTime();
    const t0 = at('2026-11-23T10:00:00').getTime();
    expect(slot - t0).toBeGreaterThanOrEqual(5000);
    expect(slot - t0).toBeLessThanOrEqual(10000);
    h.clock.set(new Date(slot - 1), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 0, stoppedBy: 'throttled', nextSlotAt: first.nextSlotAt });
    h.clock.set(new Date(slot), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 1, stoppedBy: 'throttled' });
  });

  it('stops at the daily ceiling and carries the rest over to the next morning', async () => {
    const runs = await drain(h);
    expect(total(runs, 'sent')).toBe(1);
    const last = runs[runs.length - 1];
    expect(last).toMatchObject({ stoppedBy: 'daily_limit', waiting: 1, nextSlotAt: at('2026-11-24T00:00:00').toISOString() });
    const out = await h.laoke.ds.getRepository(ChatMessage).find({ where: { direction: 'out' }, order: { id: 'ASC' } });
    const times = out.filter((m) => m.contactId.startsWith('wx-t')).map((m) => m.createdAt.getTime());
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(5000);
      expect(times[i] - times[i - 1]).toBeLessThanOrEqual(10000);
    }
    h.clock.set(at('2026-11-24T08:30:00'), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 0, stoppedBy: 'quiet' });
    h.clock.set(at('2026-11-24T09:00:00'), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 1 });
    const received = await Promise.all([0, 1, 2, 3].map((i) => h.sentTo(`wx-t${i}`)));
    expect(received.map((r) => r.length)).toEqual([1, 1, 1, 1]);
  });
});
