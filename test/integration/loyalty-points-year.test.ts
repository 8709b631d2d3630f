import dayjs from 'dayjs';
import { Member } from '../../src/members/member.entity';
import { OCCASION_PRIORITY } from '../../src/outbox/outbox.port';
import { isExemptFromLimits } from '../../src/outbox/outbox-rules';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import { DEMO, startHarness, type Harness } from '../support/harness';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const at = (ymd: string, hhmm: string) => new Date(`${ymd}T${hhmm}:00+08:00`);

/**
 * A year and a half of points, the clock moved day by day with the nightly job run each night: points
 * earned on several dates, spent oldest first, a refund, reminders once per batch 30 days ahead (not for
 * a small amount), and each batch expiring exactly on the first day after its 12th month.
 */
describe('points: a simulated year of expiry', () => {
  let h: Harness;
  let chen: Member;

  beforeAll(async () => {
    h = await startHarness({ now: '2026-01-01T10:00:00+08:00' });
    chen = await h.laoke.ds.getRepository(Member).findOneByOrFail({ name: '陈女士' });
  });
  afterAll(async () => {
    await h.close();
  });

  const state = async () => {
    const [row] = (await h.laoke.ds.query(
      `SELECT (SELECT balance FROM points_account WHERE memberId = ?) AS balance,
              (SELECT COALESCE(SUM(remaining), 0) FROM points_lot WHERE memberId = ? AND isOpen = ?) AS lots,
              (SELECT COALESCE(SUM(points), 0) FROM points_entry WHERE memberId = ?) AS ledger`,
      [chen.id, chen.id, true, chen.id],
    )) as Record<string, unknown>[];
    return { balance: Number(row.balance ?? 0), lots: Number(row.lots), ledger: Number(row.ledger) };
  };
  const buy = async (ymd: string, items: string, amount: number) => {
    h.clock.set(at(ymd, '11:00'), { freeze: true });
    const r = await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ memberId: chen.id, purchasedAt: at(ymd, '11:00').toISOString(), items, amount });
    expect(r.status).toBe(201);
  };
  const redeem = async (ymd: string, points: number) => {
    h.clock.set(at(ymd, '15:00'), { freeze: true });
    expect((await h.http.post(`/admin/members/${chen.id}/points/redemptions`).set(bearer(h.managerToken!)).send({ points })).status).toBe(201);
  };
  const refund = async (ymd: string, items: string, amountFen: number) => {
    h.clock.set(at(ymd, '16:00'), { freeze: true });
    await h.laoke.services.purchases.record(
      [{ memberId: chen.id, purchasedAt: at(ymd, '16:00'), items, category: null, quantity: 1, amountFen: -amountFen, store: null, assistantId: null, idempotencyKey: `refund-${ymd}` }],
      'api',
    );
  };
  const reminders = () => h.laoke.ds.getRepository(OutboxMessage).find({ where: { memberId: chen.id, occasion: 'points_expiry' }, order: { id: 'ASC' } });

  it('ranks the expiry reminder below birthdays and every greeting', () => {
    expect(OCCASION_PRIORITY.indexOf('points_expiry')).toBeGreaterThan(OCCASION_PRIORITY.indexOf('birthday'));
    expect(OCCASION_PRIORITY.indexOf('points_expiry')).toBe(OCCASION_PRIORITY.indexOf('tier_upgrade') + 1);
    // Only complaint follow-ups escape the frequency cap; the reminder counts toward it.
    expect(isExemptFromLimits('points_expiry' as never)).toBe(false);
  });

  it('expires exactly what was left of each batch, reminds once per batch, and never goes below zero', async () => {
    const actions: Record<string, () => Promise<void>> = {
      '2026-01-10': () => buy('2026-01-10', '羊绒大衣', 1000),
      '2026-01-25': () => buy('2026-01-25', '围巾', 200),
      '2026-02-01': () => redeem('2026-02-01', 300),
      '2026-03-05': () => buy('2026-03-05', '真丝衬衫', 500),
      '2026-06-15': () => buy('2026-06-15', '袜子', 80),
      '2026-08-10': () => refund('2026-08-10', '真丝衬衫', 25000),
      '2027-01-15': () => redeem('2027-01-15', 100),
    };
    const balances = new Map<string, number>();
    const reminderDays: string[] = [];
    for (let d = dayjs('2026-01-01'); d.isBefore(dayjs('2027-07-06')); d = d.add(1, 'day')) {
      const ymd = d.format('YYYY-MM-DD');
      h.clock.set(at(ymd, '00:20'), { freeze: true });
      const before = (await reminders()).length;
      await h.laoke.scheduler.runNow('points-expiry');
      if ((await reminders()).length > before) reminderDays.push(ymd);
      await actions[ymd]?.();
      const s = await state();
      // The balance row, the open lots and the ledger agree every day, and nothing is ever negative.
      expect(s.balance).toBeGreaterThanOrEqual(0);
      expect(s.lots).toBe(s.balance);
      expect(s.ledger).toBe(s.balance);
      balances.set(ymd, s.balance);
    }
    expect(balances.get('2026-01-25')).toBe(1200);
    expect(balances.get('2026-02-01')).toBe(900);
    expect(balances.get('2026-08-10')).toBe(900 + 250 + 80);
    expect(balances.get('2027-01-31')).toBe(800 + 250 + 80);
    // January's points were good through 31 January 2027: what was left of them (800) goes on 1 February.
    expect(balances.get('2027-02-01')).toBe(330);
    expect(balances.get('2027-03-31')).toBe(330);
    expect(balances.get('2027-04-01')).toBe(80);
    expect(balances.get('2027-06-30')).toBe(80);
    expect(balances.get('2027-07-01')).toBe(0);

    // One reminder per batch, 30 days ahead; none for the 80 points of June (below the 100 threshold).
    expect(reminderDays).toEqual(['2027-01-02', '2027-03-02']);
    const rows = await reminders();
    expect(rows.map((r) => [r.occasionDate, JSON.parse(r.meta ?? '{}').points])).toEqual([
      ['2027-01-31', 900],
      ['2027-03-31', 250],
    ]);
    expect(rows[0].text).toMatch(/900 积分将在1月31日到期|900 积分有效期到1月31日/);
    expect(rows[0].text).toMatch(/导购/);

    const entries = (await h.laoke.ds.query('SELECT kind, points, reason FROM points_entry WHERE memberId = ? ORDER BY id', [chen.id])) as { kind: string; points: number | string; reason: string }[];
    expect(entries.map((e) => [e.kind, Number(e.points)])).toEqual([
      ['earned', 1000],
      ['earned', 200],
      ['redeemed', -300],
      ['earned', 500],
      ['earned', 80],
      ['reversed', -250],
      ['redeemed', -100],
      ['expired', -800],
      ['expired', -250],
      ['expired', -80],
    ]);
  });

  it('delivers a reminder through the outbox, counted like any proactive message', async () => {
    h.clock.set(at('2027-08-01', '09:00'), { freeze: true });
    await h.http.post('/admin/purchases').set(bearer(h.managerToken!)).send({ memberId: chen.id, purchasedAt: at('2027-08-01', '09:00').toISOString(), items: '大衣', amount: 600 });
    // Good through 31 August 2028: the reminder comes 30 days before they go, on 2 August.
    h.clock.set(at('2028-08-02', '10:30'), { freeze: true });
    expect(await h.laoke.scheduler.runNow('points-expiry')).toMatchObject({ reminders: 1 });
    await h.laoke.scheduler.runNow('outbox-dispatch');
    const [row] = (await reminders()).slice(-1);
    expect(row).toMatchObject({ occasionDate: '2028-08-31', status: 'sent' });
    expect((await h.sentTo(DEMO.chen.id)).at(-1)).toMatch(/600 积分/);
  });
});
