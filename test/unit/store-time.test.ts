import { inWindow, parseHhmm, storeDate, storeDateKey, storeInstant, storeMinuteOfDay } from '../../src/shared/store-time';

const TZ = 'Asia/Shanghai';

describe('inWindow', () => {
  it('handles quiet hours that wrap midnight (21:00–09:00)', () => {
    expect(inWindow(parseHhmm('21:00'), '21:00', '09:00')).toBe(true);
    expect(inWindow(parseHhmm('23:59'), '21:00', '09:00')).toBe(true);
    expect(inWindow(parseHhmm('00:00'), '21:00', '09:00')).toBe(true);
    expect(inWindow(parseHhmm('08:59'), '21:00', '09:00')).toBe(true);
    expect(inWindow(parseHhmm('09:00'), '21:00', '09:00')).toBe(false);
    expect(inWindow(parseHhmm('12:00'), '21:00', '09:00')).toBe(false);
    expect(inWindow(parseHhmm('20:59'), '21:00', '09:00')).toBe(false);
  });

  it('handles a window inside one day, start inclusive and end exclusive', () => {
    expect(inWindow(parseHhmm('12:00'), '12:00', '14:00')).toBe(true);
    expect(inWindow(parseHhmm('13:59'), '12:00', '14:00')).toBe(true);
    expect(inWindow(parseHhmm('14:00'), '12:00', '14:00')).toBe(false);
    expect(inWindow(parseHhmm('11:59'), '12:00', '14:00')).toBe(false);
  });

  it('treats an empty window (start = end) as never', () => {
    expect(inWindow(parseHhmm('09:00'), '09:00', '09:00')).toBe(false);
  });
});

describe('store time helpers', () => {
  it('takes the calendar date and minute in the store time zone, not UTC', () => {
    const at = new Date('2026-11-22T17:30:00Z'); // 01:30 on the 23rd in Shanghai
    expect(storeDate(at, TZ)).toEqual({ year: 2026, month: 11, day: 23 });
    expect(storeDateKey(at, TZ)).toBe('2026-11-23');
    expect(storeMinuteOfDay(at, TZ)).toBe(90);
  });

  it('builds the instant of a store-local date and time', () => {
    expect(storeInstant('2026-11-23', '09:00', TZ).toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(storeInstant({ year: 2026, month: 1, day: 5 }, '21:30', TZ).toISOString()).toBe('2026-01-05T13:30:00.000Z');
  });
});
