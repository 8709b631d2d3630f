import { ChatMessage } from '../../src/members/chat-message.entity';
import type { Member } from '../../src/members/member.entity';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, waitFor, type Harness } from '../support/harness';
import { addMember, at, dispatch, insertRows, memberByContact, outboxRow, rowFor } from './outbox-fixtures';

describe('the outbox dispatcher’s rules', () => {
  let h: Harness;
  let liliId: number;

  beforeAll(async () => {
    // No gap between sends here: these tests are about which rows go, not about pacing. The bot waits a second
    // before logging in again after a logout, so a dispatch right after the logout still finds it offline.
    h = await startHarness({ now: '2026-11-23T08:00:00+08:00', env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0', CHAT_RESTART_MIN_MS: '1000', CHAT_RESTART_MAX_MS: '2000' } });
    liliId = (await h.laoke.services.staff.findByName('李丽'))!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  const sentRow = async (m: Member, occasion: Parameters<typeof rowFor>[1], sentAt: Date, occasionDate: string) => {
    const [r] = await insertRows(h, [rowFor(m, occasion, { occasionDate, dueAt: sentAt })]);
    await h.laoke.ds.getRepository(OutboxMessage).update({ id: r.id }, { status: 'sent', sentAt });
  };

  it('defers rows due in quiet hours to the morning and sends them at 09:00', async () => {
    const m = await addMember(h, 'wx-q1', '夜猫子', liliId);
    // A purchase follow-up is as true the next morning (a festival greeting would expire: care-texts.test.ts).
    const [r] = await insertRows(h, [rowFor(m, 'post_purchase', { occasionDate: '2026-11-25', dueAt: at('2026-11-25T20:50:00') })]);
    h.clock.set(at('2026-11-25T21:10:00'), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 0, stoppedBy: 'quiet', waiting: 1 });
    h.clock.set(at('2026-11-26T08:59:00'), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 0, stoppedBy: 'quiet' });
    h.clock.set(at('2026-11-26T09:00:00'), { freeze: true });
    expect(await dispatch(h)).toMatchObject({ sent: 1, stoppedBy: 'idle', waiting: 0 });
    const out = await h.laoke.ds.getRepository(ChatMessage).findOneByOrFail({ contactId: 'wx-q1', direction: 'out' });
    expect(out.createdAt.toISOString()).toBe(at('2026-11-26T09:00:00').toISOString());
    expect((await outboxRow(h, r.id)).sentAt!.toISOString()).toBe(at('2026-11-26T09:00:00').toISOString());
  });

  it('lets the more personal occasion win when two fall on the same day, whatever the order they were planned in', async () => {
    h.clock.set(at('2026-11-27T10:00:00'), { freeze: true });
    const m = await addMember(h, 'wx-c1', '撞日子', liliId);
    const [festival, birthday] = await insertRows(h, [
      rowFor(m, 'festival', { occasionDate: '2026-11-27', dueAt: at('2026-11-27T09:30:00'), text: '节日快乐' }),
      rowFor(m, 'birthday', { occasionDate: '2026-11-27', dueAt: at('2026-11-27T10:00:00'), text: '生日快乐' }),
    ]);
    const r = await dispatch(h);
    expect(r).toMatchObject({ sent: 1, skipped: 1, reasons: { 'collision:birthday': 1 } });
    expect(await h.sentTo('wx-c1')).toEqual(['生日快乐']);
    expect(await outboxRow(h, festival.id)).toMatchObject({ status: 'skipped', reason: 'collision:birthday' });
    expect((await outboxRow(h, birthday.id)).status).toBe('sent');
  });

  it('holds back a lower occasion while a more personal draft of the same day waits for the assistant', async () => {
    h.clock.set(at('2026-11-27T10:00:00'), { freeze: true });
    const m = await addMember(h, 'wx-c2', '等确认', liliId);
    const [survey] = await insertRows(h, [
      rowFor(m, 'satisfaction_survey', { occasionDate: '2026-10-01', dueAt: at('2026-11-27T10:00:00'), text: '问卷' }),
      rowFor(m, 'birthday', { occasionDate: '2026-11-27', dueAt: at('2026-11-27T10:30:00'), draft: true, text: '生日快乐' }),
    ]);
    await dispatch(h);
    expect(await outboxRow(h, survey.id)).toMatchObject({ status: 'skipped', reason: 'collision:birthday' });
    expect(await h.sentTo('wx-c2')).toEqual([]);
  });

  it('skips rows past the frequency cap of the rolling window, counting only the window', async () => {
    h.clock.set(at('2026-11-28T10:00:00'), { freeze: true });
    const full = await addMember(h, 'wx-cap1', '常联系', liliId);
    const three = await addMember(h, 'wx-cap2', '三条了', liliId);
    for (const [i, d] of ['2026-11-01', '2026-11-10', '2026-11-20', '2026-11-25'].entries()) await sentRow(full, 'post_purchase', at(`${d}T10:00:00`), `2026-11-0${i + 1}`);
    // One of these is older than 30 days and no longer counts.
    for (const [i, d] of ['2026-10-27', '2026-11-10', '2026-11-20', '2026-11-25'].entries()) await sentRow(three, 'post_purchase', at(`${d}T10:00:00`), `2026-11-0${i + 1}`);
    await insertRows(h, [
      rowFor(full, 'festival', { occasionDate: '2026-11-28', dueAt: at('2026-11-28T10:00:00') }),
      rowFor(three, 'festival', { occasionDate: '2026-11-28', dueAt: at('2026-11-28T10:00:00'), text: '第四条' }),
    ]);
    expect(await dispatch(h)).toMatchObject({ sent: 1, skipped: 1, reasons: { frequency_cap: 1 } });
    expect(await h.sentTo('wx-cap1')).toEqual([]);
    expect(await h.sentTo('wx-cap2')).toEqual(['第四条']);
    h.clock.set(at('2026-11-29T10:00:00'), { freeze: true });
    await insertRows(h, [rowFor(three, 'season', { occasionDate: '2026-11-29', dueAt: at('2026-11-29T10:00:00') })]);
    expect(await dispatch(h)).toMatchObject({ sent: 0, skipped: 1, reasons: { frequency_cap: 1 } });
  });

  it('skips members who opted out, with the reason, but still delivers a complaint follow-up', async () => {
    h.clock.set(at('2026-11-30T10:00:00'), { freeze: true });
    expect((await h.say(DEMO.liu, '退订'))[0]).toMatch(/已为您退订/);
    const liu = await memberByContact(h, DEMO.liu.id);
    const before = (await h.sentTo(DEMO.liu.id)).length;
    const [festival] = await insertRows(h, [
      rowFor(liu, 'festival', { occasionDate: '2026-11-30', dueAt: at('2026-11-30T10:00:00') }),
      rowFor(liu, 'complaint_followup', { occasionDate: '2026-11-30', dueAt: at('2026-11-30T10:00:00'), text: '上次的问题解决得还满意吗？' }),
    ]);
    expect(await dispatch(h)).toMatchObject({ sent: 1, skipped: 1, reasons: { opted_out: 1 } });
    expect(await outboxRow(h, festival.id)).toMatchObject({ status: 'skipped', reason: 'opted_out' });
    expect((await h.sentTo(DEMO.liu.id)).slice(before)).toEqual(['上次的问题解决得还满意吗？']);
  });

  it('keeps rows waiting while the account is logged out and delivers them after it is back', async () => {
    h.clock.set(at('2026-12-01T10:00:00'), { freeze: true });
    const m = await addMember(h, 'wx-off', '等上线', liliId);
    const [r] = await insertRows(h, [rowFor(m, 'festival', { occasionDate: '2026-12-01', dueAt: at('2026-12-01T10:00:00'), text: '等您上线' })]);
    await h.world.logout();
    expect(h.laoke.notifier.isOnline()).toBe(false);
    expect(await dispatch(h)).toMatchObject({ sent: 0, stoppedBy: 'offline', waiting: 1 });
    expect((await outboxRow(h, r.id)).status).toBe('queued');
    await waitFor(() => h.laoke.channel.isOnline(), 5000);
    expect(await dispatch(h)).toMatchObject({ sent: 1 });
    expect(await h.sentTo('wx-off')).toEqual(['等您上线']);
  });

  it('ends rows it cannot deliver in a final state with the reason', async () => {
    h.clock.set(at('2026-12-02T10:00:00'), { freeze: true });
    const noContact = await h.laoke.services.members.create({ nickname: '没加好友', source: 'seed' });
    const late = await addMember(h, 'wx-late', '过期了', liliId);
    const [a, b] = await insertRows(h, [
      rowFor(noContact, 'festival', { occasionDate: '2026-12-02', dueAt: at('2026-12-02T10:00:00') }),
      rowFor(late, 'festival', { occasionDate: '2026-11-28', dueAt: at('2026-11-28T10:00:00') }),
    ]);
    expect(await dispatch(h)).toMatchObject({ sent: 0, failed: 1, skipped: 1, reasons: { no_chat_contact: 1, expired: 1 } });
    expect(await outboxRow(h, a.id)).toMatchObject({ status: 'failed', reason: 'no_chat_contact' });
    expect(await outboxRow(h, b.id)).toMatchObject({ status: 'skipped', reason: 'expired' });
    expect(await h.sentTo('wx-late')).toEqual([]);
  });

  it('is offered to other modules as the outbox port: enqueue is idempotent and queues at once', async () => {
    h.clock.set(at('2026-12-03T10:00:00'), { freeze: true });
    const m = await addMember(h, 'wx-port', '接口', liliId);
    const port = h.laoke.services.outbox.outbox;
    const item = { memberId: m.id, occasion: 'complaint_followup' as const, occasionDate: '2026-12-03', text: '回访', dueAt: h.clock.now() };
    const first = await port.enqueue(item);
    expect(await port.enqueue(item)).toEqual({ created: false, id: first.id });
    expect(await outboxRow(h, first.id)).toMatchObject({ status: 'queued', assistantId: liliId });
    await dispatch(h);
    expect(await h.sentTo('wx-port')).toEqual(['回访']);
  });
});
