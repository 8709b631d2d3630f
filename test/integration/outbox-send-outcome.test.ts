import { DEMO, startHarness, waitFor, type Harness } from '../support/harness';
import { addMember, at, dispatch, insertRows, outboxRow, rowFor } from './outbox-fixtures';

/**
 * A send whose outcome is unknown is never repeated: the mock puppet is made to fail the way real ones
 * do — after the text left (a timeout), or before anything was handed over (the account dropped).
 */
describe('what the dispatcher does with a send that failed', () => {
  let h: Harness;
  let liliId: number;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0' } });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('ends a row whose send failed after the text left in `check`, tells the assistant, and never sends it again', async () => {
    h.clock.set(at('2026-11-23T10:00:00'), { freeze: true });
    const m = await addMember(h, 'wx-timeout', '超时了', liliId);
    const [r] = await insertRows(h, [rowFor(m, 'festival', { text: '冬至快乐，记得吃饺子' })]);
    const liliBefore = (await h.sentTo(DEMO.lili.id)).length;
    h.world.failNextSend('wx-timeout', 'fail_after_delivery');

    expect(await dispatch(h)).toMatchObject({ sent: 0, check: 1, deferred: 0 });
    expect(await outboxRow(h, r.id)).toMatchObject({ status: 'check', reason: 'send_unclear', sentAt: null });
    const notice = (await h.sentTo(DEMO.lili.id)).slice(liliBefore);
    expect(notice).toEqual([expect.stringContaining('超时了')]);
    expect(notice[0]).toMatch(/不会自动重发/);

    // Hours later, well past any retry delay: still delivered exactly once.
    for (const hours of [1, 3]) {
      h.clock.advance(hours * 3_600_000);
      expect(await dispatch(h)).toMatchObject({ sent: 0 });
    }
    expect(h.world.deliveredTo('wx-timeout')).toEqual(['冬至快乐，记得吃饺子']);
    expect(await outboxRow(h, r.id)).toMatchObject({ status: 'check', attempts: 1 });
  });

  it('retries a row whose send found the account offline before the call, and delivers it once when the account is back', async () => {
    h.clock.set(at('2026-11-24T10:00:00'), { freeze: true });
    const m = await addMember(h, 'wx-dropped', '掉线了', liliId);
    const [r] = await insertRows(h, [rowFor(m, 'festival', { occasionDate: '2026-11-24', dueAt: at('2026-11-24T10:00:00'), text: '天冷了，多穿点' })]);
    h.world.failNextSend('wx-dropped', 'logout_on_lookup');

    expect(await dispatch(h)).toMatchObject({ sent: 0, check: 0, stoppedBy: 'offline', waiting: 1 });
    expect(await outboxRow(h, r.id)).toMatchObject({ status: 'queued', claimedBy: null });
    expect(h.world.deliveredTo('wx-dropped')).toEqual([]);

    await waitFor(() => h.laoke.channel.isOnline(), 5000);
    expect(await dispatch(h)).toMatchObject({ sent: 1, check: 0 });
    expect(await outboxRow(h, r.id)).toMatchObject({ status: 'sent' });
    expect(h.world.deliveredTo('wx-dropped')).toEqual(['天冷了，多穿点']);
    expect(await h.sentTo('wx-dropped')).toEqual(['天冷了，多穿点']);
  });

  it('says through the notifier port what became of a text: sent, not sent with the reason, or unknown', async () => {
    const n = h.laoke.notifier;
    const m = await addMember(h, 'wx-port', '端口', liliId);
    const stranger = await h.laoke.services.members.create({ nickname: '没加好友', source: 'seed' });
    expect(await n.sendToMember(m.id, '一')).toEqual({ status: 'sent' });
    expect(await n.sendToMember(stranger.id, '二')).toEqual({ status: 'not_sent', reason: 'no_contact' });
    h.world.failNextSend('wx-port', 'fail_after_delivery');
    expect(await n.sendToMember(m.id, '三')).toEqual({ status: 'unknown' });
    // The boolean form says "surely sent": an unknown outcome is not that.
    h.world.failNextSend('wx-port', 'fail_after_delivery');
    expect(await n.toMember(m.id, '四')).toBe(false);
    expect(h.world.deliveredTo('wx-port')).toEqual(['一', '三', '四']);
    expect(await h.sentTo('wx-port')).toEqual(['一']);
  });
});
