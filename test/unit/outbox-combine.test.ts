import type { DispatchResult } from '../../src/outbox/dispatcher';
import { combineResults } from '../../src/outbox/outbox.module';

const result = (over: Partial<DispatchResult>): DispatchResult => ({
  sent: 0,
  skipped: 0,
  failed: 0,
  check: 0,
  deferred: 0,
  reasons: {},
  waiting: 0,
  stoppedBy: 'idle',
  nextSlotAt: null,
  ...over,
});

describe('one dispatch run over several sending accounts', () => {
  it('gives a single account’s own result unchanged', () => {
    const only = result({ sent: 2, stoppedBy: 'throttled', nextSlotAt: '2026-11-23T02:00:10.000Z' });
    expect(combineResults([['store', only]])).toBe(only);
  });

  it('adds the counts up, keeps each account’s figures, and asks to come back at the earliest slot of a throttled account', () => {
    const store = result({ sent: 2, skipped: 1, reasons: { opted_out: 1 }, waiting: 3, stoppedBy: 'daily_limit', nextSlotAt: '2026-11-23T16:00:00.000Z' });
    const counter = result({ sent: 1, skipped: 2, reasons: { opted_out: 1, lost: 1 }, waiting: 1, stoppedBy: 'throttled', nextSlotAt: '2026-11-23T02:00:10.000Z' });
    const branch = result({ stoppedBy: 'throttled', nextSlotAt: '2026-11-23T02:00:07.000Z' });
    const total = combineResults([
      ['store', store],
      ['counter', counter],
      ['branch', branch],
    ]);
    expect(total).toMatchObject({ sent: 3, skipped: 3, waiting: 4, reasons: { opted_out: 2, lost: 1 }, stoppedBy: 'throttled', nextSlotAt: '2026-11-23T02:00:07.000Z' });
    expect(total.accounts).toEqual({ store, counter, branch });
  });

  it('says idle when no account had anything to send, and offline when one is offline', () => {
    expect(combineResults([['a', result({})], ['b', result({})]]).stoppedBy).toBe('idle');
    expect(combineResults([['a', result({})], ['b', result({ stoppedBy: 'offline' })]]).stoppedBy).toBe('offline');
  });
});
