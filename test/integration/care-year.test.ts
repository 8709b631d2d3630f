import { IsNull } from 'typeorm';
import { addDays, CarePlanner, type PlanSummary } from '../../src/care';
import { createDataSource } from '../../src/db/data-source';
import { ChatIdentity, ChatMessage, Member } from '../../src/members';
import { OutboxMessage, OutboxQueue, type DispatchResult } from '../../src/outbox';
import { formatStoreTime } from '../../src/shared/store-time';
import { DEMO, startHarness, waitFor, type Harness } from '../support/harness';

/**
 * A year of proactive care, 2026-03-01 to 2027-02-28, through the real service and the mock WeChat.
 * Every day runs what the cron would run in a live store: planning at 06:30, the assistants' morning list
 * at 09:00, the cut-off at 12:00, and the dispatcher at 09:00, 10:00, 12:00, 14:00, 15:00 and 21:30 (the
 * real one runs every minute; these are the minutes something can change). The test's own eight members
 * cover the occasions; at the end each member's chat log and outbox rows are compared line by line with
 * what they should have got, and when.
 *
 * Pacing between two messages is switched off (OUTBOX_GAP_*=0, it has its own tests) so every message
 * goes out at the minute of the run that sends it. The store's follow-up after a purchase is set to 21:30,
 * inside quiet hours, to see a row that falls due at night wait for the morning.
 */

const TZ = 'Asia/Shanghai';
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);
const storeTime = (d: Date) => formatStoreTime(d, TZ, 'YYYY-MM-DD HH:mm');

type Key = 'sun' | 'lin' | 'mother' | 'notMother' | 'unknown' | 'busy' | 'night' | 'optOut';

/** The members of this test: who they are decides what they get. */
const PEOPLE: Record<Key, { contact: string; name: string; assistant: '李丽' | '张敏'; profile: Partial<Member> }> = {
  // Solar birthday 4月16日; 李丽 approves it in the morning.
  sun: { contact: 'wx-y-sun', name: '孙丽华', assistant: '李丽', profile: { gender: 'female', birthdayCalendar: 'solar', birthMonth: 4, birthDay: 16 } },
  // Lunar birthday 正月廿二: 2026-03-10, then 2027-02-27. A father.
  lin: { contact: 'wx-y-lin', name: '林建国', assistant: '张敏', profile: { gender: 'male', isFather: true, birthdayCalendar: 'lunar', birthMonth: 1, birthDay: 22 } },
  // A mother whose birthday is on 圣诞.
  mother: { contact: 'wx-y-mother', name: '何秀英', assistant: '李丽', profile: { gender: 'female', isMother: true, birthdayCalendar: 'solar', birthMonth: 12, birthDay: 25 } },
  // Not a mother; same birthday as 孙丽华, and 李丽 skips it.
  notMother: { contact: 'wx-y-wu', name: '吴佳', assistant: '李丽', profile: { gender: 'female', isMother: false, birthdayCalendar: 'solar', birthMonth: 4, birthDay: 16 } },
  // Nothing known: no gender, no mother flag, no birthday.
  unknown: { contact: 'wx-y-qian', name: '钱多多', assistant: '张敏', profile: {} },
  // A mother with a May birthday who buys for the first time in May: the fifth message in 30 days is capped.
  busy: { contact: 'wx-y-zhou', name: '周敏', assistant: '李丽', profile: { gender: 'female', isMother: true, birthdayCalendar: 'solar', birthMonth: 5, birthDay: 15 } },
  // Buys on 2026-07-01: the follow-up falls due at 21:30 (quiet hours).
  night: { contact: 'wx-y-zheng', name: '郑先生', assistant: '张敏', profile: { gender: 'male' } },
  // Opts out in June, back in late June.
  optOut: { contact: 'wx-y-feng', name: '冯女士', assistant: '张敏', profile: { gender: 'female' } },
};
const KEYS = Object.keys(PEOPLE) as Key[];

describe('a year of proactive care, day by day', () => {
  let h: Harness;
  const ids = {} as Record<Key, number>;
  const staffIds = { 李丽: 0, 张敏: 0 };
  /** Every job result of the simulated year, by "YYYY-MM-DD HH:MM job". */
  const runs = new Map<string, unknown>();

  const outbox = () => h.laoke.ds.getRepository(OutboxMessage);
  const job = async (name: string, day: string, hhmm: string) => {
    h.clock.set(at(day, hhmm), { freeze: true });
    const r = await h.laoke.scheduler.runNow(name);
    runs.set(`${day} ${hhmm} ${name}`, r);
    return r;
  };
  const dispatch = (day: string, hhmm: string) => job('outbox-dispatch', day, hhmm) as Promise<DispatchResult>;
  const run = <T>(day: string, hhmm: string, name: string) => runs.get(`${day} ${hhmm} ${name}`) as T;

  /** What the cron does in a day, in order. */
  const ROUTINE: [string, string][] = [
    ['06:30', 'care-plan'],
    ['09:00', 'care-digest'],
    ['09:00', 'outbox-dispatch'],
    ['10:00', 'outbox-dispatch'],
    ['12:00', 'care-cutoff'],
    ['12:00', 'outbox-dispatch'],
    ['14:00', 'outbox-dispatch'],
    ['15:00', 'outbox-dispatch'],
    ['21:30', 'outbox-dispatch'],
  ];

  /**
   * One store day: the routine steps from `from` (inclusive) to `to` (exclusive), and the day's own
   * events (`extra`, by HH:MM), each after the routine steps of the same minute.
   */
  const liveDay = async (day: string, opts: { from?: string; to?: string; extra?: Record<string, () => Promise<unknown>> } = {}) => {
    const steps: [string, () => Promise<unknown>][] = ROUTINE.filter(([t]) => (!opts.from || t >= opts.from) && (!opts.to || t < opts.to)).map(([t, name]) => [t, () => job(name, day, t)]);
    for (const [t, fn] of Object.entries(opts.extra ?? {})) {
      steps.push([
        t,
        () => {
          h.clock.set(at(day, t), { freeze: true });
          return fn();
        },
      ]);
    }
    steps.sort((a, b) => a[0].localeCompare(b[0])); // stable: routine first within a minute
    for (const [, fn] of steps) await fn();
  };
  const liveDays = async (from: string, to: string, extras: Record<string, Record<string, () => Promise<unknown>>> = {}) => {
    for (let day = from; day <= to; day = addDays(day, 1)) await liveDay(day, { extra: extras[day] });
  };

  /** What the store account sent a member, oldest first, with the store time (YYYY-MM-DD HH:mm). */
  const chatLog = async (k: Key) =>
    (await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: PEOPLE[k].contact, direction: 'out' }, order: { id: 'ASC' } })).map((m) => ({ at: storeTime(m.createdAt), text: m.text ?? '' }));
  const rowsOf = (k: Key) => outbox().find({ where: { memberId: ids[k] }, order: { occasionDate: 'ASC', id: 'ASC' } });
  const label = (r: OutboxMessage) => String(JSON.parse(r.meta ?? '{}').label);
  const row = async (k: Key, occasionDate: string, occasion: OutboxMessage['occasion']) => outbox().findOneByOrFail({ memberId: ids[k], occasionDate, occasion });
  const said = async (k: Key, text: string) => h.say({ id: PEOPLE[k].contact, name: PEOPLE[k].name }, text);
  const buy = async (k: Key, items: string, amountFen: number) => {
    const purchases = h.laoke.services.purchases;
    const now = h.clock.now();
    await purchases.record([{ memberId: ids[k], purchasedAt: now, items, category: null, quantity: 1, amountFen, store: null, assistantId: null, idempotencyKey: `year:${k}:${now.toISOString()}` }], 'api');
  };

  beforeAll(async () => {
    h = await startHarness({
      now: '2026-02-28T10:00:00+08:00',
      env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0', CARE_CONFIG: JSON.stringify({ occasions: { post_purchase: { sendTime: '21:30' } } }) },
    });
    const ds = h.laoke.ds;
    staffIds.李丽 = (await h.laoke.services.staff.findByName('李丽'))!.id;
    staffIds.张敏 = (await h.laoke.services.staff.findByName('张敏'))!.id;
    // The demo store's own members leave, so everyone planned below is one of ours.
    await ds.getRepository(Member).update({ erasedAt: IsNull() }, { erasedAt: h.clock.now() });
    for (const k of KEYS) {
      const p = PEOPLE[k];
      const m = await h.laoke.services.members.create({ nickname: p.name, name: p.name, source: 'staff' });
      // Not chatted with yet (no long-time-no-see until they do something).
      await ds.getRepository(Member).update({ id: m.id }, { ...p.profile, assistantId: staffIds[p.assistant], lastContactAt: null });
      await ds.getRepository(ChatIdentity).insert({ contactId: p.contact, remark: m.code, memberId: m.id, displayName: p.name, createdAt: h.clock.now(), lastSeenAt: h.clock.now() });
      ids[k] = m.id;
    }
  });
  afterAll(() => h.close());

  it('greets a solar and a lunar birthday on their day, and lets the assistant send one and skip another from the morning list (March–April)', async () => {
    const answers: string[][] = [];
    await liveDays('2026-03-01', '2026-04-30', {
      '2026-04-16': {
        '09:10': async () => {
          answers.push(await h.say(DEMO.lili, '发送 1'));
          answers.push(await h.say(DEMO.lili, '跳过 2'));
        },
      },
    });
    // The lunar birthday 正月廿二 falls on 2026-03-10 this year; nobody acted, so it went at the cut-off.
    const linBirthday = await row('lin', '2026-03-10', 'birthday');
    expect(linBirthday).toMatchObject({ status: 'sent', needsApproval: false });
    expect(linBirthday.text).toMatch(/林建国/);
    expect(linBirthday.text).toMatch(/张敏/);
    expect(storeTime(linBirthday.sentAt!)).toBe('2026-03-10 12:00');

    // 04-16: the morning list for 李丽 numbers 孙丽华 then 吴佳.
    const liliLog = await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: DEMO.lili.id, direction: 'out' }, order: { id: 'ASC' } });
    const list = liliLog.find((m) => storeTime(m.createdAt) === '2026-04-16 09:00')!;
    expect(list.text).toMatch(/李丽早上好！今天有 2 条/);
    expect(list.text).toMatch(/1\. 孙丽华（生日）/);
    expect(list.text).toMatch(/2\. 吴佳（生日）/);
    expect(answers).toEqual([['好的，第 1 条已安排发送。'], ['好的，第 2 条不发了。']]);
    const sun = await row('sun', '2026-04-16', 'birthday');
    expect(storeTime(sun.sentAt!)).toBe('2026-04-16 10:00');
    expect(sun).toMatchObject({ status: 'sent', decidedBy: staffIds.李丽 });
    expect(await row('notMother', '2026-04-16', 'birthday')).toMatchObject({ status: 'skipped', reason: 'skipped_by_assistant', sentAt: null });
    expect((await chatLog('sun')).filter((m) => m.at.startsWith('2026-04-16'))).toEqual([{ at: '2026-04-16 10:00', text: sun.text }]);
    expect((await chatLog('notMother')).filter((m) => m.at.startsWith('2026-04-16'))).toEqual([]);
  }, 600_000);
  it('sends 母亲节 only to mothers, and skips a fifth message in 30 days as over the cap (May)', async () => {
    await liveDays('2026-05-01', '2026-05-31', { '2026-05-17': { '15:30': () => buy('busy', '真丝围巾', 29900) } });
    const mothersDay = run<PlanSummary>('2026-05-10', '06:30', 'care-plan');
    expect(mothersDay.occasionsOfDay).toEqual(['母亲节']);
    const rows = await outbox().find({ where: { occasionDate: '2026-05-10' }, order: { memberId: 'ASC' } });
    expect(rows.map((r) => [r.memberId, r.occasion, r.status])).toEqual([
      [ids.mother, 'targeted_festival', 'sent'],
      [ids.busy, 'targeted_festival', 'sent'],
    ]);
    for (const r of rows) {
      expect(r.text).toMatch(/母亲节/);
      expect(storeTime(r.sentAt!)).toBe('2026-05-10 12:00');
    }
    for (const k of ['notMother', 'unknown', 'sun'] as const) expect((await chatLog(k)).filter((m) => m.at.startsWith('2026-05-10'))).toEqual([]);

    // 周敏: 立夏, 母亲节, her birthday and the purchase follow-up (due 05-20 21:30, so sent the next morning)
    // within 30 days; the first-purchase follow-up is the fifth.
    expect((await chatLog('busy')).filter((m) => m.at >= '2026-05-01').map((m) => m.at)).toEqual(['2026-05-05 12:00', '2026-05-10 12:00', '2026-05-15 12:00', '2026-05-21 09:00']);
    expect((await row('busy', '2026-05-20', 'post_purchase')).text).toMatch(/真丝围巾/);
    // Decided before the morning list, which never offers a draft that cannot go; nothing left for the dispatcher.
    expect(run('2026-05-27', '09:00', 'care-digest')).toMatchObject({ held: 1 });
    expect(run<DispatchResult>('2026-05-27', '14:00', 'outbox-dispatch')).toMatchObject({ sent: 0, skipped: 0 });
    expect(await row('busy', '2026-05-27', 'first_purchase_followup')).toMatchObject({ status: 'skipped', reason: 'frequency_cap', sentAt: null });
  }, 600_000);

  it('skips an opted-out member with the reason and greets her again after 订阅; a follow-up due at night waits for 09:00 (June–early August)', async () => {
    const replies: Record<string, string[]> = {};
    await liveDays('2026-06-01', '2026-08-10', {
      '2026-06-01': { '10:30': async () => (replies.out = await said('optOut', '退订')) },
      '2026-06-25': { '11:00': async () => (replies.in = await said('optOut', '订阅')) },
      '2026-07-01': { '19:00': () => buy('night', '羊毛大衣', 89900) },
    });
    expect(replies.out).toEqual([expect.stringMatching(/已为您退订/)]);
    expect(replies.in).toEqual([expect.stringMatching(/已恢复订阅/)]);
    // 端午: planned for her like everyone, skipped with the reason before the morning list (so her
    // assistant is not asked about it); the others got theirs.
    expect(await row('optOut', '2026-06-19', 'festival')).toMatchObject({ status: 'skipped', reason: 'opted_out', sentAt: null });
    expect(run<DispatchResult>('2026-06-19', '12:00', 'outbox-dispatch')).toMatchObject({ sent: 7, skipped: 0 });
    // 周敏's cap is a rolling window: by 端午 only one message is left in it.
    expect((await row('busy', '2026-06-19', 'festival')).status).toBe('sent');
    // Back in: the next occasion (立秋) reaches her.
    const liqiu = await row('optOut', '2026-08-07', 'season');
    expect([liqiu.status, storeTime(liqiu.sentAt!)]).toEqual(['sent', '2026-08-07 12:00']);
    expect((await chatLog('optOut')).filter((m) => m.at >= '2026-06-01' && m.at < '2026-08-11')).toEqual([
      { at: '2026-06-01 10:30', text: replies.out[0] },
      { at: '2026-06-25 11:00', text: replies.in[0] },
      { at: '2026-08-07 12:00', text: liqiu.text },
    ]);

    // 父亲节 only to the father.
    expect((await outbox().find({ where: { occasionDate: '2026-06-21' } })).map((r) => [r.memberId, r.occasion])).toEqual([[ids.lin, 'targeted_festival']]);

    // 郑先生 bought on 07-01; the follow-up is due 07-04 21:30, inside quiet hours: it waits for 09:00.
    const follow = await row('night', '2026-07-04', 'post_purchase');
    expect(storeTime(follow.dueAt)).toBe('2026-07-04 21:30');
    expect(run<DispatchResult>('2026-07-04', '21:30', 'outbox-dispatch')).toMatchObject({ sent: 0, stoppedBy: 'quiet', waiting: 1 });
    expect(run<DispatchResult>('2026-07-05', '09:00', 'outbox-dispatch')).toMatchObject({ sent: 1 });
    expect(storeTime(follow.sentAt!)).toBe('2026-07-05 09:00');
    expect(follow.text).toMatch(/羊毛大衣/);
    expect(storeTime((await row('night', '2026-07-11', 'first_purchase_followup')).sentAt!)).toBe('2026-07-11 14:00');
    expect((await chatLog('night')).map((m) => m.at)).toEqual(['2026-03-03 12:00', '2026-05-05 12:00', '2026-06-19 12:00', '2026-07-05 09:00', '2026-07-11 14:00', '2026-08-07 12:00']);

    // 60 days after 周敏's purchase: a long-time-no-see draft needs 李丽's approval; nobody gave it, so it is dropped.
    expect(await row('busy', '2026-07-16', 'long_time_no_see')).toMatchObject({ status: 'skipped', reason: 'not_approved_by_cutoff', needsApproval: true });
    const liliList = (await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: DEMO.lili.id, direction: 'out' } })).find((m) => storeTime(m.createdAt) === '2026-07-16 09:00');
    expect(liliList?.text).toMatch(/1\. 周敏（好久不见，需您确认）/);
  }, 600_000);

  it('keeps the day’s messages while the WeChat account is logged out and sends them once it is back (七夕, August)', async () => {
    await liveDays('2026-08-11', '2026-08-31', {
      '2026-08-19': {
        '11:30': async () => {
          h.world.autoLogin = false;
          await h.world.logout();
          await waitFor(() => h.laoke.channel.state() === 'waiting_login', 5000);
        },
        '15:20': async () => {
          h.world.login();
          await waitFor(() => h.laoke.channel.isOnline(), 5000);
          h.world.autoLogin = true;
        },
        '15:30': () => dispatch('2026-08-19', '15:30'),
      },
    });
    expect(run('2026-08-19', '12:00', 'care-cutoff')).toEqual({ queued: 8, skipped: 0 });
    for (const t of ['12:00', '14:00', '15:00']) expect(run<DispatchResult>('2026-08-19', t, 'outbox-dispatch')).toMatchObject({ sent: 0, stoppedBy: 'offline', waiting: 8 });
    expect(run<DispatchResult>('2026-08-19', '15:30', 'outbox-dispatch')).toMatchObject({ sent: 8, waiting: 0 });
    const qixi = await outbox().find({ where: { occasionDate: '2026-08-19' } });
    expect(qixi).toHaveLength(8);
    expect(qixi.every((r) => r.status === 'sent' && storeTime(r.sentAt!) === '2026-08-19 15:30' && r.text.includes('七夕'))).toBe(true);
    for (const k of KEYS) expect((await chatLog(k)).filter((m) => m.at.startsWith('2026-08-19')).map((m) => m.at)).toEqual(['2026-08-19 15:30']);
  }, 600_000);

  it('creates no second row when 中秋 is planned twice in parallel and once more after (September)', async () => {
    await liveDays('2026-09-01', '2026-09-24');
    expect(run<PlanSummary>('2026-09-10', '06:30', 'care-plan')).toMatchObject({ occasionsOfDay: ['教师节'], planned: 0 });
    // Two instances at 06:30: the job twice here, and a second planner on its own connection, as another
    // instance of the service would run it.
    h.clock.set(at('2026-09-25', '06:30'), { freeze: true });
    const ds2 = createDataSource(h.laoke.config.db);
    await ds2.initialize();
    let parallel: PlanSummary[];
    try {
      const other = new CarePlanner({
        ds: ds2,
        clock: h.clock,
        log: h.laoke.log,
        templates: h.laoke.templates,
        care: h.laoke.config.CARE_CONFIG,
        timezone: h.laoke.config.STORE_TIMEZONE,
        storeName: h.laoke.config.STORE_NAME,
        outbox: new OutboxQueue({ ds: ds2, clock: h.clock }),
      });
      parallel = (await Promise.all([h.laoke.scheduler.runNow('care-plan'), other.planToday(), h.laoke.scheduler.runNow('care-plan')])) as PlanSummary[];
    } finally {
      await ds2.destroy();
    }
    expect(parallel.map((p) => p.occasionsOfDay)).toEqual([['中秋节'], ['中秋节'], ['中秋节']]);
    expect(parallel.reduce((n, p) => n + p.planned, 0)).toBe(8);
    expect(await job('care-plan', '2026-09-25', '06:45')).toMatchObject({ planned: 0, candidates: 8 });
    await liveDay('2026-09-25', { from: '09:00' });
    await liveDays('2026-09-26', '2026-09-30');
    const rows = await outbox().find({ where: { occasionDate: '2026-09-25' } });
    expect(rows.map((r) => r.memberId).sort((a, b) => a - b)).toEqual(KEYS.map((k) => ids[k]).sort((a, b) => a - b));
    expect(rows.every((r) => r.occasion === 'festival' && r.status === 'sent' && r.text.includes('中秋'))).toBe(true);
    for (const k of KEYS) expect((await chatLog(k)).filter((m) => m.at.startsWith('2026-09-25')).map((m) => m.at)).toEqual(['2026-09-25 12:00']);
  }, 600_000);

  it('turns a send cut off by a crash into a row to check, tells the assistant, and never sends it again (重阳, October)', async () => {
    await liveDays('2026-10-01', '2026-10-17');
    const day = '2026-10-18';
    await liveDay(day, { to: '12:00' });
    expect(await job('care-cutoff', day, '12:00')).toEqual({ queued: 8, skipped: 0 });
    // The 12:00 dispatcher run claims 何秀英's 重阳 greeting, hands it to WeChat, and the process dies
    // before it can record the send.
    const chongyang = await row('mother', day, 'festival');
    await outbox().update({ id: chongyang.id }, { status: 'sending', claimedBy: 'crashed-instance:1', claimedAt: h.clock.now(), updatedAt: h.clock.now() });
    expect(await h.laoke.notifier.toMember(ids.mother, chongyang.text)).toBe(true);
    await h.restart();
    const liliBefore = (await h.sentTo(DEMO.lili.id)).length;
    // The new instance sends the rest; the claimed row might still belong to a live instance: left alone.
    expect(await dispatch(day, '12:01')).toMatchObject({ sent: 7, check: 0 });
    expect((await outbox().findOneByOrFail({ id: chongyang.id })).status).toBe('sending');
    expect(await dispatch(day, '12:03')).toMatchObject({ sent: 0, check: 1 });
    expect(await outbox().findOneByOrFail({ id: chongyang.id })).toMatchObject({ status: 'check', reason: 'interrupted_mid_send', sentAt: null });
    const notice = (await h.sentTo(DEMO.lili.id)).slice(liliBefore);
    expect(notice).toEqual([expect.stringContaining('何秀英')]);
    expect(notice[0]).toMatch(/重阳节/);
    expect(notice[0]).toMatch(/不会自动重发/);
    await liveDay(day, { from: '14:00' });
    await liveDays('2026-10-19', '2026-10-31');
    expect((await chatLog('mother')).filter((m) => m.at.startsWith('2026-10-18'))).toEqual([{ at: '2026-10-18 12:00', text: chongyang.text }]);
    expect((await outbox().findOneByOrFail({ id: chongyang.id })).status).toBe('check');
  }, 600_000);

  it('lets a birthday win over 圣诞 on the same day and greets the lunar birthday on its new date, 2027-02-27 (November–February)', async () => {
    await liveDays('2026-11-01', '2027-02-28');
    // One message a member a day, decided before the morning list (which says so), not at delivery.
    expect(run('2026-12-25', '09:00', 'care-digest')).toMatchObject({ held: 1 });
    const liliList = (await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: DEMO.lili.id, direction: 'out' } })).find((m) => storeTime(m.createdAt) === '2026-12-25 09:00');
    expect(liliList?.text).toMatch(/何秀英（圣诞节）：同一天有生日问候/);
    expect(run<DispatchResult>('2026-12-25', '12:00', 'outbox-dispatch')).toMatchObject({ skipped: 0 });
    expect(await row('mother', '2026-12-25', 'festival')).toMatchObject({ status: 'skipped', reason: 'collision:birthday' });
    expect((await chatLog('mother')).filter((m) => m.at.startsWith('2026-12-25'))).toEqual([{ at: '2026-12-25 12:00', text: (await row('mother', '2026-12-25', 'birthday')).text }]);
    // 正月廿二 was 2026-03-10 and is 2027-02-27 now.
    const lin = (await rowsOf('lin')).filter((r) => r.occasion === 'birthday');
    expect(lin.map((r) => [r.occasionDate, r.status, storeTime(r.sentAt!)])).toEqual([
      ['2026-03-10', 'sent', '2026-03-10 12:00'],
      ['2027-02-27', 'sent', '2027-02-27 12:00'],
    ]);
    expect(lin.every((r) => r.text.includes('生日') && r.text.includes('林建国'))).toBe(true);
    expect(lin[0].templateVariant).not.toBe(lin[1].templateVariant);
  }, 600_000);

  it('has given each member exactly the messages they should have got over the year, at the right minute, each once', async () => {
    const common = [
      '2026-03-03 12:00 元宵节',
      '2026-05-05 12:00 立夏',
      '2026-06-19 12:00 端午节',
      '2026-08-07 12:00 立秋',
      '2026-08-19 15:30 七夕',
      '2026-09-25 12:00 中秋节',
      '2026-10-18 12:01 重阳节',
      '2026-11-07 12:00 立冬',
      '2026-12-25 12:00 圣诞节',
      '2027-01-01 12:00 元旦',
      '2027-02-04 12:00 立春',
      '2027-02-06 12:00 春节',
      '2027-02-20 12:00 元宵节',
    ];
    const women = '2026-03-08 12:00 三八妇女节';
    const without = (list: string[], ...drop: string[]) => list.filter((l) => !drop.includes(l));
    const expected: Record<Key, { got: string[]; notSent: string[] }> = {
      sun: { got: [...common, women, '2026-04-16 10:00 生日'], notSent: [] },
      lin: { got: [...common, '2026-03-10 12:00 生日', '2026-06-21 12:00 父亲节', '2027-02-27 12:00 生日'], notSent: [] },
      mother: {
        // The crash: she did get 重阳 (at 12:00); 圣诞 gave way to her birthday.
        got: [...without(common, '2026-10-18 12:01 重阳节', '2026-12-25 12:00 圣诞节'), women, '2026-05-10 12:00 母亲节', '2026-10-18 12:00 重阳节', '2026-12-25 12:00 生日'],
        notSent: ['2026-10-18 重阳节 check interrupted_mid_send', '2026-12-25 圣诞节 skipped collision:birthday'],
      },
      notMother: { got: [...common, women], notSent: ['2026-04-16 生日 skipped skipped_by_assistant'] },
      unknown: { got: common, notSent: [] },
      busy: {
        got: [...common, women, '2026-05-10 12:00 母亲节', '2026-05-15 12:00 生日', '2026-05-21 09:00 购后回访'],
        notSent: ['2026-05-27 首购回访 skipped frequency_cap', '2026-07-16 好久不见 skipped not_approved_by_cutoff'],
      },
      night: { got: [...common, '2026-07-05 09:00 购后回访', '2026-07-11 14:00 首购回访'], notSent: ['2026-08-30 好久不见 skipped not_approved_by_cutoff'] },
      optOut: {
        got: [...without(common, '2026-06-19 12:00 端午节'), women, '2026-06-01 10:30 (reply)', '2026-06-25 11:00 (reply)'],
        notSent: ['2026-06-19 端午节 skipped opted_out', '2026-08-24 好久不见 skipped not_approved_by_cutoff'],
      },
    };
    for (const k of KEYS) {
      const rows = await rowsOf(k);
      // Every row ended in a final state.
      expect(rows.filter((r) => !['sent', 'skipped', 'failed', 'check'].includes(r.status))).toEqual([]);
      const delivered = new Map(rows.filter((r) => r.status === 'sent' || r.status === 'check').map((r) => [`${storeTime((r.sentAt ?? r.claimedAt)!)} ${r.text}`, r]));
      const log = await chatLog(k);
      const got = log.map((m) => {
        const r = delivered.get(`${m.at} ${m.text}`);
        return `${m.at} ${r ? label(r) : '(reply)'}`;
      });
      expect({ member: k, got }).toEqual({ member: k, got: [...expected[k].got].sort() });
      // The outbox agrees with the chat log: each sent row is one message, at its sentAt.
      const toCheck = rows.filter((r) => r.status === 'check').map((r) => `${storeTime(r.claimedAt!)} ${label(r)}`);
      const sentLines = rows.filter((r) => r.status === 'sent').map((r) => `${storeTime(r.sentAt!)} ${label(r)}`);
      expect(sentLines.sort()).toEqual(got.filter((g) => !g.endsWith('(reply)') && !toCheck.includes(g)).sort());
      expect({ member: k, notSent: rows.filter((r) => r.status !== 'sent').map((r) => `${r.occasionDate} ${label(r)} ${r.status} ${r.reason}`) }).toEqual({ member: k, notSent: expected[k].notSent });
      // 元宵 came twice this year (2026-03-03, 2027-02-20): not the same words twice running.
      const lantern = rows.filter((r) => label(r) === '元宵节');
      expect(lantern).toHaveLength(2);
      expect(lantern[0].text).not.toBe(lantern[1].text);
      // Each proactive text names the member and is signed by their assistant.
      for (const r of rows) {
        expect(r.text).toContain(PEOPLE[k].name);
        expect(r.text).toContain(PEOPLE[k].assistant);
      }
    }
  });
});
