import { BUSY_WAIT_MS, decideFrequencyCap, type CapInput } from '../../src/outbox/frequency-cap/frequency-cap';
import { OCCASION_PRIORITY, type Occasion } from '../../src/outbox/outbox.port';

const at = (s: string) => new Date(`${s}+08:00`);
const DAY = 86_400_000;
const settings = { timezone: 'Asia/Shanghai', memberCap: 4, capWindowMs: 30 * DAY, expireMs: 12 * 3_600_000 };
const now = at('2026-11-23T10:00:00');
const priority = (o: Occasion) => OCCASION_PRIORITY.indexOf(o);

function input(over: Partial<CapInput> = {}): CapInput {
  return { candidate: { id: 100, occasion: 'festival', priority: priority('festival') }, now, recent: [], competing: [], memberBusy: false, settings, ...over };
}

/** `n` messages the member got, on days before today within the window. */
const gotEarlier = (n: number) => Array.from({ length: n }, (_, i) => ({ occasion: 'season' as Occasion, at: new Date(now.getTime() - (i + 2) * DAY) }));

const competing = (occasion: Occasion, id = 50, dueAt = at('2026-11-23T15:00:00')) => ({ id, occasion, priority: priority(occasion), dueAt });

describe('frequency cap', () => {
  it('sends when the member got fewer messages than the cap in the window', () => {
    expect(decideFrequencyCap(input({ recent: gotEarlier(3) }))).toEqual({ kind: 'send' });
  });

  it('skips with frequency_cap when the member is at the cap', () => {
    expect(decideFrequencyCap(input({ recent: gotEarlier(4) }))).toEqual({ kind: 'skip', reason: 'frequency_cap' });
    expect(decideFrequencyCap(input({ recent: gotEarlier(6) }))).toEqual({ kind: 'skip', reason: 'frequency_cap' });
  });

  it('follows a configured cap', () => {
    expect(decideFrequencyCap(input({ recent: gotEarlier(1), settings: { ...settings, memberCap: 1 } }))).toEqual({ kind: 'skip', reason: 'frequency_cap' });
  });

  it('counts a message exactly at the window’s start as outside, a millisecond later as inside', () => {
    const windowStart = now.getTime() - settings.capWindowMs;
    const three = gotEarlier(3);
    expect(decideFrequencyCap(input({ recent: [...three, { occasion: 'birthday', at: new Date(windowStart) }] }))).toEqual({ kind: 'send' });
    expect(decideFrequencyCap(input({ recent: [...three, { occasion: 'birthday', at: new Date(windowStart + 1) }] }))).toEqual({
      kind: 'skip',
      reason: 'frequency_cap',
    });
  });
});

describe('one proactive message a day', () => {
  it('skips as a collision with what the member already got today (store day)', () => {
    const r = decideFrequencyCap(input({ recent: [{ occasion: 'birthday', at: at('2026-11-23T00:00:00') }] }));
    expect(r).toEqual({ kind: 'skip', reason: 'collision:birthday' });
  });

  it('does not count yesterday evening in store time as today', () => {
    expect(decideFrequencyCap(input({ recent: [{ occasion: 'birthday', at: at('2026-11-22T23:59:59') }] }))).toEqual({ kind: 'send' });
  });
});

describe('collisions by priority', () => {
  const ladder: Occasion[] = ['complaint_followup', 'birthday', 'targeted_festival', 'festival', 'season', 'long_time_no_see'];

  it('lets the more personal occasion win, down the whole ladder', () => {
    for (let i = 1; i < ladder.length; i++) {
      const better = ladder[i - 1];
      const worse = ladder[i];
      // The less personal row loses to the more personal one of the same day…
      const lose = decideFrequencyCap(input({ candidate: { id: 100, occasion: worse, priority: priority(worse) }, competing: [competing(better, 200)] }));
      expect(lose).toEqual({ kind: 'skip', reason: `collision:${better}` });
      // …and the more personal one goes out, whichever row is older.
      const win = decideFrequencyCap(input({ candidate: { id: 100, occasion: better, priority: priority(better) }, competing: [competing(worse, 50)] }));
      expect(win).toEqual({ kind: 'send' });
    }
  });

  it('lets the older row win between two of the same priority', () => {
    expect(decideFrequencyCap(input({ competing: [competing('festival', 50)] }))).toEqual({ kind: 'skip', reason: 'collision:festival' });
    expect(decideFrequencyCap(input({ competing: [competing('festival', 150)] }))).toEqual({ kind: 'send' });
  });

  it('ignores rows due another day, rows long expired, and the candidate itself', () => {
    expect(decideFrequencyCap(input({ competing: [competing('birthday', 50, at('2026-11-24T00:00:00'))] }))).toEqual({ kind: 'send' });
    expect(decideFrequencyCap(input({ competing: [competing('birthday', 50, new Date(now.getTime() - settings.expireMs))] }))).toEqual({ kind: 'send' });
    expect(decideFrequencyCap(input({ competing: [competing('birthday', 50, new Date(now.getTime() - settings.expireMs + 1))] }))).toEqual({
      kind: 'skip',
      reason: 'collision:birthday',
    });
    expect(decideFrequencyCap(input({ candidate: { id: 50, occasion: 'festival', priority: priority('festival') }, competing: [competing('festival', 50)] }))).toEqual({
      kind: 'send',
    });
  });

  it('names a collision with today’s message before a competing row or the cap', () => {
    const r = decideFrequencyCap(input({ recent: [...gotEarlier(4), { occasion: 'season', at: at('2026-11-23T09:30:00') }], competing: [competing('birthday')] }));
    expect(r).toEqual({ kind: 'skip', reason: 'collision:season' });
  });
});

describe('complaint follow-ups and busy members', () => {
  it('never caps or collides a complaint follow-up', () => {
    const r = decideFrequencyCap(
      input({
        candidate: { id: 100, occasion: 'complaint_followup', priority: priority('complaint_followup') },
        recent: [...gotEarlier(5), { occasion: 'birthday', at: at('2026-11-23T09:00:00') }],
        competing: [competing('complaint_followup', 10)],
      }),
    );
    expect(r).toEqual({ kind: 'send' });
  });

  it('makes a row that starts a dialog wait while the member is busy in another one', () => {
    expect(decideFrequencyCap(input({ memberBusy: true }))).toEqual({ kind: 'wait', until: new Date(now.getTime() + BUSY_WAIT_MS), reason: 'member_busy' });
  });

  it('skips rather than waits when the cap already says no', () => {
    expect(decideFrequencyCap(input({ memberBusy: true, recent: gotEarlier(4) }))).toEqual({ kind: 'skip', reason: 'frequency_cap' });
  });
});

describe('budget reserved for the more personal occasions known ahead', () => {
  const postPurchase = { id: 100, occasion: 'post_purchase' as Occasion, priority: priority('post_purchase') };
  const ahead = (occasion: Occasion, days: number) => ({ occasion, priority: priority(occasion), at: new Date(now.getTime() + days * DAY) });

  it('holds a lower message that would spend the slot a birthday in 5 days needs', () => {
    // Three got and this one make the cap: the birthday would be the fifth.
    const r = decideFrequencyCap(input({ candidate: postPurchase, recent: gotEarlier(3), reserved: [ahead('birthday', 5)] }));
    expect(r).toEqual({ kind: 'skip', reason: 'reserved:birthday', heldFor: { occasion: 'birthday', at: ahead('birthday', 5).at } });
  });

  it('sends it when the budget has room for both', () => {
    expect(decideFrequencyCap(input({ candidate: postPurchase, recent: gotEarlier(2), reserved: [ahead('birthday', 5)] }))).toEqual({ kind: 'send' });
  });

  it('counts only what is still in the window on the occasion’s day', () => {
    // Three got, but two of them leave the window before the birthday 25 days from now.
    const recent = [
      { occasion: 'season' as Occasion, at: new Date(now.getTime() - 28 * DAY) },
      { occasion: 'season' as Occasion, at: new Date(now.getTime() - 27 * DAY) },
      { occasion: 'season' as Occasion, at: new Date(now.getTime() - 2 * DAY) },
    ];
    expect(decideFrequencyCap(input({ candidate: postPurchase, recent, reserved: [ahead('birthday', 25)] }))).toEqual({ kind: 'send' });
  });

  it('reserves for every known occasion ahead: a targeted festival and a birthday together', () => {
    const r = decideFrequencyCap(input({ candidate: postPurchase, recent: gotEarlier(2), reserved: [ahead('birthday', 12), ahead('targeted_festival', 3)] }));
    expect(r).toEqual({ kind: 'skip', reason: 'reserved:birthday', heldFor: { occasion: 'birthday', at: ahead('birthday', 12).at } });
  });

  it('reserves nothing for an occasion less personal or as personal, past the window, or for a complaint follow-up', () => {
    const festival = { id: 100, occasion: 'festival' as Occasion, priority: priority('festival') };
    expect(decideFrequencyCap(input({ candidate: festival, recent: gotEarlier(3), reserved: [ahead('festival', 5), ahead('season', 6)] }))).toEqual({ kind: 'send' });
    expect(decideFrequencyCap(input({ candidate: postPurchase, recent: gotEarlier(3), reserved: [ahead('birthday', 31)] }))).toEqual({ kind: 'send' });
    const followup = { id: 100, occasion: 'complaint_followup' as Occasion, priority: priority('complaint_followup') };
    expect(decideFrequencyCap(input({ candidate: followup, recent: gotEarlier(3), reserved: [ahead('birthday', 5)] }))).toEqual({ kind: 'send' });
  });

  it('still lets the birthday itself through on its day', () => {
    const birthday = { id: 100, occasion: 'birthday' as Occasion, priority: priority('birthday') };
    expect(decideFrequencyCap(input({ candidate: birthday, recent: gotEarlier(3), reserved: [ahead('targeted_festival', 5)] }))).toEqual({ kind: 'send' });
  });
});
