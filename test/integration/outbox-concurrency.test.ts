import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';
import { addMember, at, dispatch, insertRows, outboxRow, rowFor, withSecondInstance } from './outbox-fixtures';

describe('dispatchers racing, and a crash mid-send', () => {
  let h: Harness;
  let liliId: number;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-23T10:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0' } });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('delivers each row exactly once when runs and instances (separate connections) race', async () => {
    const members = [];
    for (let i = 0; i < 12; i++) members.push(await addMember(h, `wx-r${i}`, `抢${i}`, liliId));
    await insertRows(h, members.map((m) => rowFor(m, 'festival', { text: `你好${m.name}` })));
    // A second instance: its own DataSource on the same database.
    await withSecondInstance(h, async (other) => {
    const results = await Promise.all([dispatch(h), dispatch(h), other.run()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    });
    for (const m of members) expect(await h.sentTo(`wx-r${members.indexOf(m)}`)).toEqual([`你好${m.name}`]);
    expect(await h.laoke.ds.getRepository(OutboxMessage).countBy({ status: 'sent' })).toBe(12);
  });

  it('turns a row left “sending” by a crash into `check` after a restart, tells the assistant, and never resends it', async () => {
    h.clock.set(at('2026-11-24T10:00:00'), { freeze: true });
    const m = await addMember(h, 'wx-crash', '断电了', liliId);
    const [r] = await insertRows(h, [rowFor(m, 'birthday', { occasionDate: '2026-11-24', dueAt: at('2026-11-24T10:00:00'), text: '生日快乐' })]);
    // The process died right after claiming the row (and perhaps after handing it to WeChat).
    await h.laoke.ds.getRepository(OutboxMessage).update({ id: r.id }, { status: 'sending', claimedBy: 'gone:1', claimedAt: h.clock.now() });
    await h.restart();
    const liliBefore = (await h.sentTo(DEMO.lili.id)).length;
    // Right away the row may still belong to a live instance: left alone.
    expect(await dispatch(h)).toMatchObject({ check: 0, sent: 0 });
    expect((await outboxRow(h, r.id)).status).toBe('sending');
    h.clock.advance(3 * 60_000);
    expect(await dispatch(h)).toMatchObject({ check: 1, sent: 0 });
    expect(await outboxRow(h, r.id)).toMatchObject({ status: 'check', reason: 'interrupted_mid_send' });
    expect(await h.sentTo('wx-crash')).toEqual([]);
    const notice = (await h.sentTo(DEMO.lili.id)).slice(liliBefore);
    expect(notice).toEqual([expect.stringContaining('断电了')]);
    expect(notice[0]).toMatch(/不会自动重发/);
    h.clock.advance(60 * 60_000);
    expect(await dispatch(h)).toMatchObject({ check: 0, sent: 0 });
    expect(await h.sentTo('wx-crash')).toEqual([]);

    const token = await h.laoke.services.staff.issueToken(liliId);
    const list = await h.http.get('/admin/outbox/check').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(list.body.messages.map((x: { id: number }) => x.id)).toEqual([r.id]);
    const resolved = await h.http.post(`/admin/outbox/${r.id}/resolve`).set({ Authorization: `Bearer ${token}` }).send({ delivered: true }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'sent', reason: 'confirmed_by_staff' });
    await h.http.post(`/admin/outbox/${r.id}/resolve`).set({ Authorization: `Bearer ${token}` }).send({ delivered: false }).expect(409);
  });
});
