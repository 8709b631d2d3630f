import { IsNull } from 'typeorm';
import { ChatIdentity } from '../../src/chat/chat-identity.entity';
import { ChatMessage } from '../../src/chat/chat-message.entity';
import { CarePlanner, type PlanSummary } from '../../src/care/care-planner';
import { addDays } from '../../src/care/occasion-calendar';
import { Member } from '../../src/members/member.entity';
import type { DispatchResult } from '../../src/outbox/dispatcher';
import { OutboxMessage } from '../../src/outbox/outbox-message.entity';
import type { PurchaseService } from '../../src/purchases/purchase.service';
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

  /** A member's outbound chat log: "YYYY-MM-DD HH:mm text". */
  const chatLog = async (k: Key) =>
    (await h.laoke.ds.getRepository(ChatMessage).find({ where: { contactId: PEOPLE[k].contact, direction: 'out' }, order: { id: 'ASC' } })).map((m) => ({ at: storeTime(m.createdAt), text: m.text ?? '' }));
  const rowsOf = (k: Key) => outbox().find({ where: { memberId: ids[k] }, order: { occasionDate: 'ASC', id: 'ASC' } });
  const label = (r: OutboxMessage) => String(JSON.parse(r.meta ?? '{}').label);
  const row = async (k: Key, occasionDate: string, occasion: OutboxMessage['occasion']) => outbox().findOneByOrFail({ memberId: ids[k], occasionDate, occasion });
  const said = async (k: Key, text: string) => h.say({ id: PEOPLE[k].contact, name: PEOPLE[k].name }, text);
  const buy = async (k: Key, items: string, amountFen: number) => {
    const purchases = h.laoke.deps.services.purchases as PurchaseService;
    const now = h.clock.now();
    await purchases.record([{ memberId: ids[k], purchasedAt: now, items, category: null, quantity: 1, amountFen, store: null, assistantId: null, idempotencyKey: `year:${k}:${now.toISOString()}` }], 'api');
  };

  beforeAll(async () => {
    h = await startHarness({
      now: '2026-02-28T10:00:00+08:00',
      env: { OUTBOX_GAP_MIN_SECONDS: '0', OUTBOX_GAP_MAX_SECONDS: '0', CARE_CONFIG: JSON.stringify({ occasions: { post_purchase: { sendTime: '21:30' } } }) },
    });
    const ds = h.laoke.ds;
    staffIds.李丽 = (await h.laoke.deps.staff.findByName('李丽'))!.id;
    staffIds.张敏 = (await h.laoke.deps.staff.findByName('张敏'))!.id;
    // The demo store's own members leave, so everyone planned below is one of ours.
    await ds.getRepository(Member).update({ erasedAt: IsNull() }, { erasedAt: h.clock.now() });
    for (const k of KEYS) {
      const p = PEOPLE[k];
      const m = await h.laoke.deps.members.create({ nickname: p.name, name: p.name, source: 'staff' });
      // Not chatted with yet (no long-time-no-see until they do something).
      await ds.getRepository(Member).update({ id: m.id }, { ...p.profile, assistantId: staffIds[p.assistant], lastContactAt: null });
      await ds.getRepository(ChatIdentity).insert({ contactId: p.contact, remark: m.code, memberId: m.id, displayName: p.name, createdAt: h.clock.now(), lastSeenAt: h.clock.now() });
      ids[k] = m.id;
    }
  });
  afterAll(async () => {
    await h.close();
  });

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
});
