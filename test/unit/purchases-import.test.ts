import { mapHeader, parseAmountFen, parseMemberRef, parsePosTime, parsePurchaseCsv, CsvFormatError } from '../../src/purchases/purchase-import';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-22T02:00:00Z');

describe('POS export parsing', () => {
  it('reads amounts in yuan with currency signs and thousands separators into fen', () => {
    expect(parseAmountFen('1299')).toBe(129900);
    expect(parseAmountFen('¥1,299.5')).toBe(129950);
    expect(parseAmountFen('￥0.05')).toBe(5);
    expect(parseAmountFen('12.345')).toBeNull();
    expect(parseAmountFen('-5')).toBeNull();
    expect(parseAmountFen('abc')).toBeNull();
  });

  it('reads POS times as store time unless they carry an offset, and refuses impossible dates', () => {
    expect(parsePosTime('2026-11-20 14:32', TZ)?.toISOString()).toBe('2026-11-20T06:32:00.000Z');
    expect(parsePosTime('2026/11/20 14:32:05', TZ)?.toISOString()).toBe('2026-11-20T06:32:05.000Z');
    expect(parsePosTime('2026-11-20', TZ)?.toISOString()).toBe('2026-11-19T16:00:00.000Z');
    expect(parsePosTime('2026-11-20T14:32:00+08:00', TZ)?.toISOString()).toBe('2026-11-20T06:32:00.000Z');
    expect(parsePosTime('2026-02-30 10:00', TZ)).toBeNull();
    expect(parsePosTime('2026-11-20 25:00', TZ)).toBeNull();
    expect(parsePosTime('yesterday', TZ)).toBeNull();
  });

  it('tells a member code from a phone number and normalises both', () => {
    expect(parseMemberRef('m000123')).toEqual({ kind: 'code', code: 'M000123' });
    expect(parseMemberRef('+86 138-0013-8001')).toEqual({ kind: 'phone', phone: '13800138001' });
    expect(parseMemberRef('12345')).toHaveProperty('error');
  });

  it('maps English and Chinese header names to fields', () => {
    expect(mapHeader('时间')).toBe('time');
    expect(mapHeader(' Member Code ')).toBe('memberCode');
    expect(mapHeader('会员手机号')).toBe('phone');
    expect(mapHeader('金额')).toBe('amount');
    expect(mapHeader('导购')).toBe('assistant');
    expect(mapHeader('备注')).toBeNull();
  });

  it('reports bad rows with their line numbers and reasons and keeps the good ones', () => {
    const csv = [
      '\ufefftime,member,items,category,quantity,amount,store,assistant',
      '2026-11-20 14:32,13800138001,羊毛大衣,外套,1,1299.00,南京路店,李丽',
      '2026-11-20 15:00,M000002,"围巾, 灰色",配饰,2,198,南京路店,张敏',
      '',
      'not a time,13800138001,衬衫,上衣,1,299,南京路店,李丽',
      '2026-11-20 16:00,12345,衬衫,上衣,0,abc,南京路店,李丽',
      '2026-11-20 17:00,M000003,"两行的\n备注商品",上衣,1,99,南京路店',
      '2026-11-20 18:00,M000003,袜子,配饰,1,19.9,南京路店,',
    ].join('\n');
    const r = parsePurchaseCsv(csv, { timezone: TZ, now: NOW });
    expect(r.total).toBe(6);
    expect(r.rows.map((x) => x.line)).toEqual([2, 3, 9]);
    expect(r.rows[0]).toMatchObject({ member: { kind: 'phone', phone: '13800138001' }, amountFen: 129900, quantity: 1, assistant: '李丽' });
    expect(r.rows[1]).toMatchObject({ items: '围巾, 灰色', quantity: 2, amountFen: 19800 });
    expect(r.rows[2]).toMatchObject({ amountFen: 1990, assistant: null });
    expect(r.problems).toEqual([
      { line: 5, field: 'time', reason: expect.stringMatching(/not a date/) },
      { line: 6, field: 'member', reason: expect.stringMatching(/mobile number/) },
      { line: 6, field: 'quantity', reason: expect.stringMatching(/whole number/) },
      { line: 6, field: 'amount', reason: expect.stringMatching(/not an amount/) },
      { line: 7, field: 'row', reason: 'expected 8 columns, found 7' },
    ]);
    // A phone number is never echoed back in a reason.
    expect(JSON.stringify(r.problems)).not.toContain('12345');
  });

  it('refuses purchases dated in the future and reports an unclosed quote instead of failing the file', () => {
    const csv = 'time,member,items,amount\n2026-12-30 10:00,M000001,大衣,100\n2026-11-20 10:00,M000001,"大衣,100\n';
    const r = parsePurchaseCsv(csv, { timezone: TZ, now: NOW });
    expect(r.rows).toHaveLength(0);
    expect(r.problems[0]).toMatchObject({ line: 2, field: 'time', reason: 'time is in the future' });
    expect(r.problems[1]).toMatchObject({ line: 3, field: 'row', reason: expect.stringMatching(/quote/) });
  });

  it('rejects a file whose header lacks required columns, naming them', () => {
    expect(() => parsePurchaseCsv('date,product\n2026-11-20,大衣\n', { timezone: TZ, now: NOW })).toThrow(CsvFormatError);
    try {
      parsePurchaseCsv('date,product\n', { timezone: TZ, now: NOW });
    } catch (err) {
      expect((err as CsvFormatError).message).toMatch(/member \(phone or member code\), amount/);
    }
    expect(() => parsePurchaseCsv('\n\n', { timezone: TZ, now: NOW })).toThrow(/empty/);
  });
});
