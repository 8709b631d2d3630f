import { startHarness, type Harness } from '../support/harness';
import { addMember, at, dispatch, insertRows, outboxRow, rowFor } from './outbox-fixtures';

describe('follow-ups that open a chat dialog', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('does not send a second survey over an unanswered first one of the same kind', async () => {
    const m = await addMember(h, 'wx-two-surveys', '石女士', 2);
    const dialog = { name: 'complaint-survey', step: 'score', data: { ticketId: 1 } };
    const [first] = await insertRows(h, [rowFor(m, 'complaint_followup', { meta: { dialog } })]);
    await dispatch(h);
    expect((await outboxRow(h, first.id)).status).toBe('sent');

    h.clock.set(at('2026-11-24T10:00:00'), { freeze: true });
    const [second] = await insertRows(h, [
      rowFor(m, 'complaint_followup', { occasionDate: '2026-11-24', dueAt: at('2026-11-24T10:00:00'), meta: { dialog: { ...dialog, data: { ticketId: 2 } } } }),
    ]);
    const result = await dispatch(h);
    expect(result.sent).toBe(0);
    const waiting = await outboxRow(h, second.id);
    expect(waiting.status).toBe('queued');
    expect(waiting.dueAt.getTime()).toBeGreaterThan(h.clock.now().getTime());
    // The open dialog is still the first survey's.
    const open = await h.laoke.dialogs.load(`member:${m.id}`);
    expect(open.state === 'active' && open.active.data.ticketId).toBe(1);
  });
});
