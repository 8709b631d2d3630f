import { birthdayProblem } from '../../src/members/profile/member-profile.service';
import { code2SessionError, DEV_CODE, DevCode2SessionClient } from '../../src/miniprogram/wechat-code2session';
import { formatStoreDateTime } from '../../src/miniprogram/mp-time';

const now = new Date('2026-11-22T02:00:00Z');

describe('birthdayProblem', () => {
  it.each([
    [{ calendar: 'solar' as const, year: 1990, month: 5, day: 3 }, null],
    [{ calendar: 'solar' as const, year: null, month: 2, day: 29 }, null],
    [{ calendar: 'solar' as const, year: 2023, month: 2, day: 29 }, /no day 29/],
    [{ calendar: 'solar' as const, year: 1990, month: 4, day: 31 }, /no day 31/],
    [{ calendar: 'solar' as const, year: 2030, month: 1, day: 1 }, /future/],
    [{ calendar: 'solar' as const, month: 5, day: 3, leapMonth: true }, /lunar birthdays only/],
    [{ calendar: 'lunar' as const, month: 8, day: 15 }, null],
    [{ calendar: 'lunar' as const, month: 8, day: 31 }, /at most 30/],
    [{ calendar: 'lunar' as const, year: 2023, month: 2, day: 29, leapMonth: true }, null],
    [{ calendar: 'lunar' as const, year: 2023, month: 2, day: 30, leapMonth: true }, /no day 30/],
    [{ calendar: 'lunar' as const, year: 2024, month: 4, day: 3, leapMonth: true }, /no leap month/],
  ])('judges %j as %s', (b, expected) => {
    const problem = birthdayProblem(b, now);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('code2SessionError', () => {
  it.each([
    [40029, 'unauthorized'],
    [40163, 'unauthorized'],
    [45011, 'rate_limited'],
    [40226, 'forbidden'],
    [-1, 'unavailable'],
    [40013, 'unavailable'],
  ])('maps WeChat errcode %i to %s', (errcode, code) => {
    expect(code2SessionError(errcode).code).toBe(code);
  });
});

describe('dev login codes', () => {
  it('accepts dev:<openid> and prefixes the openid so it can never clash with a real one', async () => {
    expect(DEV_CODE.test('dev:abc_1-2')).toBe(true);
    expect(DEV_CODE.test('dev:')).toBe(false);
    expect(DEV_CODE.test('dev:a b')).toBe(false);
    await expect(new DevCode2SessionClient().exchange('dev:abc')).resolves.toEqual({ openid: 'dev_abc', unionid: null });
    await expect(new DevCode2SessionClient().exchange('0a1b2c')).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('formatStoreDateTime', () => {
  it('shows only the time on the same store day and the date on another', () => {
    expect(formatStoreDateTime(new Date('2026-11-22T03:05:00Z'), 'Asia/Shanghai', now)).toBe('11:05');
    expect(formatStoreDateTime(new Date('2026-11-22T17:05:00Z'), 'Asia/Shanghai', now)).toBe('11月23日 01:05');
  });
});
