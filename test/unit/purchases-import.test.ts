import iconv from 'iconv-lite';
import { charsetOf, decodeCsvBytes, looksGarbled } from '../../src/purchases/csv-decoding';
import { mapHeader, parseAmountFen, parseMemberRef, parsePosTime, parsePurchaseCsv, parseSignedAmountFen, CsvFormatError } from '../../src/purchases/purchase-import';

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
    // Problems are codes under purchases.import.* (the service renders them in Chinese), with line and column.
    expect(r.problems).toEqual([
      { line: 5, field: 'time', column: 1, header: 'time', code: 'time.bad', vars: { raw: 'not a time' } },
      { line: 6, field: 'member', column: 2, header: 'member', code: 'member.bad' },
      { line: 6, field: 'quantity', column: 5, header: 'quantity', code: 'quantity.bad', vars: { raw: '0' } },
      { line: 6, field: 'amount', column: 6, header: 'amount', code: 'amount.bad', vars: { raw: 'abc' } },
      { line: 7, field: 'row', code: 'row.columns', vars: { expected: 8, found: 7 } },
    ]);
    // A phone number is never echoed back in a reason.
    expect(JSON.stringify(r.problems)).not.toContain('12345');
  });

  it('refuses purchases dated in the future and reports an unclosed quote instead of failing the file', () => {
    const csv = 'time,member,items,amount\n2026-12-30 10:00,M000001,大衣,100\n2026-11-20 10:00,M000001,"大衣,100\n';
    const r = parsePurchaseCsv(csv, { timezone: TZ, now: NOW });
    expect(r.rows).toHaveLength(0);
    expect(r.problems[0]).toMatchObject({ line: 2, field: 'time', column: 1, code: 'time.future' });
    expect(r.problems[1]).toMatchObject({ line: 3, field: 'row', code: 'row.unclosed_quote' });
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

  it('reads amounts as tills and Excel write them, refunds negative', () => {
    expect(parseSignedAmountFen('￥1,299.00')).toBe(129900);
    expect(parseSignedAmountFen('¥39')).toBe(3900);
    expect(parseSignedAmountFen('89元')).toBe(8900);
    expect(parseSignedAmountFen('1,200.50')).toBe(120050);
    expect(parseSignedAmountFen('RMB 99.9')).toBe(9990);
    expect(parseSignedAmountFen('-1,000.00')).toBe(-100000);
    expect(parseSignedAmountFen('￥-299')).toBe(-29900);
    expect(parseSignedAmountFen('-¥299')).toBe(-29900);
    expect(parseSignedAmountFen('－299元')).toBe(-29900);
    expect(parseSignedAmountFen('\u2212299')).toBe(-29900);
    expect(parseSignedAmountFen('(299.00)')).toBe(-29900);
    for (const bad of ['', 'abc', '12.345', '--5', '1,29', '(-5)', '1.2.3']) expect(parseSignedAmountFen(bad)).toBeNull();
  });

  it('reads Chinese date-time forms as store time, and still refuses impossible ones', () => {
    const at = (s: string) => parsePosTime(s, TZ)?.toISOString();
    expect(at('2026年11月23日 18:24')).toBe('2026-11-23T10:24:00.000Z');
    expect(at('2026年11月23日18:24')).toBe('2026-11-23T10:24:00.000Z');
    expect(at('2026年11月23日 18时24分')).toBe('2026-11-23T10:24:00.000Z');
    expect(at('2026年11月23日')).toBe('2026-11-22T16:00:00.000Z');
    expect(at('2026/11/23 18:24')).toBe('2026-11-23T10:24:00.000Z');
    expect(at('2026-11-23 18:24:00')).toBe('2026-11-23T10:24:00.000Z');
    expect(at('2026.11.23')).toBe('2026-11-22T16:00:00.000Z');
    expect(at('2026.11.23 9:05')).toBe('2026-11-23T01:05:00.000Z');
    expect(at('2026年2月30日 10:00')).toBeUndefined();
    expect(at('11月23日')).toBeUndefined();
  });

  it('takes a refund row with a negative quantity, drops Excel trailing empty cells, and refuses a negative quantity on a sale', () => {
    const csv = ['time,member,items,quantity,amount,', '2026-11-20 14:32,M000001,大衣,-1,-1299,', '2026-11-20 14:33,M000001,大衣,-1,1299,,', '2026-11-20 14:34,M000001,大衣,1,1299,,x'].join('\n');
    const r = parsePurchaseCsv(csv, { timezone: TZ, now: NOW });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ quantity: 1, amountFen: -129900, cells: { member: { column: 2, header: 'member' }, assistant: null } });
    expect(r.problems).toEqual([
      { line: 3, field: 'quantity', column: 4, header: 'quantity', code: 'quantity.negative_sale' },
      { line: 4, field: 'row', code: 'row.columns', vars: { expected: 5, found: 7 } },
    ]);
  });
});

describe('POS export decoding', () => {
  const text = '时间,会员手机号,商品,金额\n2026-11-20 14:32,13800138001,羊毛大衣（驼色）,1299';

  it('finds the encoding: BOM, then charset=, then strict UTF-8, else GB18030', () => {
    expect(decodeCsvBytes(Buffer.from(text, 'utf8'))).toEqual({ ok: true, text, encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ ok: true, text, encoding: 'utf-8' });
    expect(decodeCsvBytes(iconv.encode(text, 'gbk'))).toEqual({ ok: true, text, encoding: 'gb18030' });
    expect(decodeCsvBytes(iconv.encode(text, 'gbk'), 'text/csv; charset=gb2312')).toEqual({ ok: true, text, encoding: 'gb18030' });
    expect(decodeCsvBytes(iconv.encode(`${text}𠮷`, 'gb18030'), 'text/csv;charset="GB18030"')).toEqual({ ok: true, text: `${text}𠮷`, encoding: 'gb18030' });
    expect(decodeCsvBytes(iconv.encode(`\ufeff${text}`, 'utf-16le'))).toEqual({ ok: true, text, encoding: 'utf-16le' });
    expect(charsetOf('text/csv; Charset=GBK')).toBe('gbk');
    expect(charsetOf('text/csv')).toBeNull();
  });

  it('refuses what cannot be read, saying why', () => {
    expect(decodeCsvBytes(iconv.encode(text, 'gbk'), 'text/csv; charset=utf-8')).toEqual({ ok: false, problem: { code: 'wrong_charset', charset: 'utf-8' } });
    expect(decodeCsvBytes(Buffer.from(text), 'text/csv; charset=klingon')).toEqual({ ok: false, problem: { code: 'unknown_charset', charset: 'klingon' } });
    expect(decodeCsvBytes(Buffer.from('PK\u0003\u0004xxxx', 'latin1'))).toEqual({ ok: false, problem: { code: 'workbook' } });
    expect(decodeCsvBytes(Buffer.from([0x81, 0x20, 0xff, 0x2c, 0x31]))).toEqual({ ok: false, problem: { code: 'garbled', encoding: 'gb18030' } });
    // Big5 (traditional) bytes read as GB18030: valid, but the wrong characters.
    expect(decodeCsvBytes(iconv.encode('時間,會員手機號,商品,金額\n羊毛大衣,南京路店,李麗', 'big5'))).toMatchObject({ ok: false });
  });

  it('tells garbled text from real text with a rare character or a French name', () => {
    expect(looksGarbled(text)).toBe(false);
    expect(looksGarbled('张喆,王堃,𠮷字款丝巾,Crème brûlée,Café,naïve,¥299,2×3')).toBe(false);
    expect(looksGarbled(iconv.decode(Buffer.from(text, 'utf8'), 'gbk').replace(/\ufffd/g, ''))).toBe(true); // UTF-8 read as GBK
    expect(looksGarbled(iconv.decode(iconv.encode(text, 'gbk'), 'win1252'))).toBe(true); // GBK read as Western
    expect(looksGarbled('商品\u0000\u0001')).toBe(true);
    expect(looksGarbled('商品\ue000')).toBe(true);
  });
});
