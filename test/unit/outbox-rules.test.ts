import { loadConfig, ConfigError } from '../../src/config';
import { dailyCron, deliverySettings, isQuiet, nextGapMs, outranks, saysToday, whenLate } from '../../src/outbox/outbox-rules';
import type { Occasion } from '../../src/outbox/outbox.port';
import { figureKind } from '../../src/reports/care-report';
import { monthBounds, quarterOf, storeDayBounds } from '../../src/shared/store-time';
import { isSurveyStop, parseScore } from '../../src/surveys/survey.service';

const tz = 'Asia/Shanghai';
const at = (s: string) => new Date(`${s}+08:00`);

describe('delivery rules', () => {
  it('spreads the gap between messages over the configured range', () => {
    expect(nextGapMs(5000, 10000, () => 0)).toBe(5000);
    expect(nextGapMs(5000, 10000, () => 0.999999)).toBe(10000);
    expect(nextGapMs(5000, 10000, () => 0.5)).toBe(7500);
  });

  it('treats 21:00–09:00 store time as quiet, whatever the server’s zone', () => {
    const s = { timezone: tz, quietStart: '21:00', quietEnd: '09:00' };
    expect(isQuiet(at('2026-11-23T20:59:00'), s)).toBe(false);
    expect(isQuiet(at('2026-11-23T21:00:00'), s)).toBe(true);
    expect(isQuiet(at('2026-11-24T03:00:00'), s)).toBe(true);
    expect(isQuiet(at('2026-11-24T09:00:00'), s)).toBe(false);
  });

  it('bounds the store day and month in store time', () => {
    const d = storeDayBounds(new Date('2026-11-23T17:30:00Z'), tz);
    expect(d.key).toBe('2026-11-24');
    expect(d.start.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(d.end.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    const m = monthBounds('2026-12', tz);
    expect([m.start.toISOString(), m.end.toISOString()]).toEqual(['2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
  });

  it('ranks rows by occasion priority, then age', () => {
    expect(outranks({ priority: 1, id: 9 }, { priority: 3, id: 1 })).toBe(true);
    expect(outranks({ priority: 3, id: 1 }, { priority: 3, id: 2 })).toBe(true);
    expect(outranks({ priority: 3, id: 2 }, { priority: 3, id: 1 })).toBe(false);
  });

  it('counts occasions as greetings, follow-ups or surveys', () => {
    expect(figureKind('birthday')).toBe('greeting');
    expect(figureKind('long_time_no_see')).toBe('greeting');
    expect(figureKind('post_purchase')).toBe('followup');
    expect(figureKind('complaint_followup')).toBe('followup');
    expect(figureKind('satisfaction_survey')).toBe('survey');
  });

  it('names the quarter and its first day', () => {
    expect(quarterOf(at('2026-12-31T23:00:00'), tz)).toEqual({ key: '2026Q4', firstDay: '2026-10-01' });
    expect(quarterOf(at('2027-01-01T00:30:00'), tz)).toEqual({ key: '2027Q1', firstDay: '2027-01-01' });
  });

  it('builds daily schedules and refuses inconsistent settings', () => {
    expect(dailyCron('09:05')).toBe('5 9 * * *');
    // Inconsistent delivery settings stop the start-up in loadConfig, before anything connects.
    const bad = { NODE_ENV: 'test', OUTBOX_GAP_MIN_SECONDS: '10', OUTBOX_GAP_MAX_SECONDS: '5', CARE_CUTOFF_TIME: '08:00', SURVEY_SCHEDULE: 'every day' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['OUTBOX_GAP_MAX_SECONDS', 'CARE_CUTOFF_TIME', 'SURVEY_SCHEDULE']);
    }
    expect(deliverySettings(loadConfig({ NODE_ENV: 'test' }))).toMatchObject({ gapMinMs: 5000, gapMaxMs: 10000, dailyLimit: 300, memberCap: 4, digestTime: '09:00', cutoffTime: '12:00' });
  });
});

describe('survey answers', () => {
  it('reads a score typed as a digit, a full-width digit, a Chinese numeral or with 分', () => {
    expect(parseScore('4', 1, 5)).toBe(4);
    expect(parseScore('４', 1, 5)).toBe(4);
    expect(parseScore('五', 1, 5)).toBe(5);
    expect(parseScore('3分', 1, 5)).toBe(3);
    expect(parseScore('10', 0, 10)).toBe(10);
    expect(parseScore('0', 0, 10)).toBe(0);
  });

  it('tells an out-of-range number from something that is not a score', () => {
    expect(parseScore('6', 1, 5)).toBe('out_of_range');
    expect(parseScore('0', 1, 5)).toBe('out_of_range');
    expect(parseScore('还行吧', 1, 5)).toBeNull();
    expect(parseScore('4和5之间', 1, 5)).toBeNull();
  });

  it('recognises a wish to stop', () => {
    expect(isSurveyStop('不答了')).toBe(true);
    expect(isSurveyStop('不答了。')).toBe(true);
    expect(isSurveyStop('5')).toBe(false);
  });
});

describe('a message held past its day', () => {
  it('expires festival and season greetings, rewrites a birthday, and sends follow-ups as they are', () => {
    expect(['festival', 'targeted_festival', 'season'].map((o) => whenLate(o as Occasion))).toEqual(['expire', 'expire', 'expire']);
    expect(whenLate('birthday')).toBe('rewrite');
    for (const o of ['post_purchase', 'first_purchase_followup', 'long_time_no_see', 'tier_upgrade', 'complaint_followup', 'satisfaction_survey'] as Occasion[]) expect(whenLate(o)).toBe('send');
  });

  it('knows when a text speaks of today', () => {
    expect(saysToday('王阿姨，今天是您的生日')).toBe(true);
    expect(saysToday('今日立夏')).toBe(true);
    expect(saysToday('王阿姨，生日快乐（4月14日）')).toBe(false);
  });
});
