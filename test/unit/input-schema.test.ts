import { bodyId, dateKey, instant, monthKey, multiLine, plainId, quarterKey, queryInt, singleLine } from '../../src/shared/input-schema';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

describe('input building blocks', () => {
  it.each(['1', '16', '2147483647'])('plainId takes the plain integer %p', (v) => {
    expect(plainId.parse(v)).toBe(Number(v));
  });
  it.each(['0x10', '1.0', ' 1', '1 ', '1e1', '+1', '-1', '0', '01', '', '2147483648', '99999999999', 'abc', '１'])('plainId refuses %p', (v) => {
    expect(ok(plainId, v)).toBe(false);
  });

  it('bodyId takes JSON numbers only', () => {
    expect(ok(bodyId, 16)).toBe(true);
    for (const v of ['16', 1.5, 0, -1, 2 ** 31, Number.NaN]) expect(ok(bodyId, v)).toBe(false);
  });

  it('queryInt takes a plain whole number within bounds', () => {
    const q = queryInt(1, 100);
    expect(q.parse('20')).toBe(20);
    for (const v of ['0', '101', '2e1', '0x14', '20.0', ' 20', '']) expect(ok(q, v)).toBe(false);
  });

  it.each(['2000-01-01', '2024-02-29', '2026-11-22', '2100-12-31'])('dateKey takes the calendar day %p', (v) => {
    expect(dateKey.parse(v)).toBe(v);
  });
  it.each(['2026-02-31', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '0000-01-01', '1999-12-31', '2101-01-01', '9999-12-31', '2026-1-1', '20261122', '2026-11-22T00:00'])(
    'dateKey refuses %p',
    (v) => {
      expect(ok(dateKey, v)).toBe(false);
    },
  );

  it('monthKey and quarterKey keep to 2000–2100', () => {
    expect(ok(monthKey, '2026-11')).toBe(true);
    for (const v of ['0000-01', '9999-12', '2026-13', '2026-1']) expect(ok(monthKey, v)).toBe(false);
    expect(ok(quarterKey, '2026Q4')).toBe(true);
    for (const v of ['0000Q1', '9999Q4', '2026Q5']) expect(ok(quarterKey, v)).toBe(false);
  });

  it('instant takes an ISO instant with offset on a real day between 2000 and 2100', () => {
    expect(ok(instant, '2026-11-22T10:00:00+08:00')).toBe(true);
    expect(ok(instant, '2026-11-22T02:00:00Z')).toBe(true);
    for (const v of ['2026-02-31T10:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '2026-11-22T10:00:00', '2026-11-22']) expect(ok(instant, v)).toBe(false);
  });

  it('singleLine refuses control characters and line breaks; multiLine allows line breaks and tabs only', () => {
    const one = singleLine(20);
    const many = multiLine(20);
    expect(one.parse('  陈姐 ')).toBe('陈姐');
    for (const v of ['a\u0000b', 'a\nb', 'a\tb', 'a\u001bb', 'a\u007fb', 'a\u0085b', '   ']) expect(ok(one, v)).toBe(false);
    expect(many.parse('第一行\n第二行\r\n\t缩进')).toBe('第一行\n第二行\r\n\t缩进');
    for (const v of ['a\u0000b', 'a\u0008b', 'a\u000bb', 'a\u001fb', 'a\u009fb']) expect(ok(many, v)).toBe(false);
    expect(singleLine(5, { min: 0 }).parse('')).toBe('');
  });
});
