import { parse } from 'csv-parse/sync';
import { MEMBER_CODE_PATTERN, parsePhone } from '../members';
import { dayjs } from '../shared/store-time';
import { toHalfWidth } from '../shared/text';

/**
 * Reading a POS export (CSV). Pure: no database. Each good row becomes a ParsedPurchaseRow with its
 * line number; each bad row a RowProblem saying why, so the manager can fix the file and send it again
 * (rows already imported are recognised by their idempotency key and not added twice).
 */

export type ImportField = 'time' | 'member' | 'phone' | 'memberCode' | 'items' | 'category' | 'quantity' | 'amount' | 'store' | 'assistant';

/** Header names POS systems use, English and Chinese, lower-cased, spaces and _ removed. */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  time: ['time', 'datetime', 'date', 'purchasedat', 'purchasetime', '时间', '日期', '交易时间', '销售时间', '购买时间', '下单时间'],
  member: ['member', 'customer', '会员', '顾客', '会员手机号或会员号', '会员手机号/会员号'],
  phone: ['phone', 'mobile', 'memberphone', '手机', '手机号', '会员手机号', '电话'],
  memberCode: ['membercode', 'code', 'memberno', '会员号', '会员编号', '会员卡号'],
  items: ['items', 'item', 'product', 'products', '商品', '商品名称', '品名', '货品'],
  category: ['category', '品类', '类别', '分类'],
  quantity: ['quantity', 'qty', 'count', '数量', '件数'],
  amount: ['amount', 'total', 'price', '金额', '实付金额', '实收金额', '成交金额', '付款金额'],
  store: ['store', 'shop', '门店', '店铺'],
  assistant: ['assistant', 'staff', 'salesperson', 'seller', '导购', '导购员', '营业员', '销售'],
};

const normHeader = (h: string) => toHalfWidth(h).trim().toLowerCase().replace(/[\s_\-]/g, '');

export function mapHeader(header: string): ImportField | null {
  const n = normHeader(header);
  for (const [field, names] of Object.entries(HEADER_ALIASES) as [ImportField, string[]][]) {
    if (names.some((a) => normHeader(a) === n)) return field;
  }
  return null;
}

export type MemberRef = { kind: 'phone'; phone: string } | { kind: 'code'; code: string };

export interface ParsedPurchaseRow {
  line: number;
  member: MemberRef;
  purchasedAt: Date;
  items: string;
  category: string | null;
  quantity: number;
  amountFen: number;
  store: string | null;
  /** Name or numeric id of the assistant as the POS wrote it. */
  assistant: string | null;
}

export interface RowProblem {
  line: number;
  field?: ImportField | 'row';
  reason: string;
}

export interface ParsedCsv {
  rows: ParsedPurchaseRow[];
  problems: RowProblem[];
  /** Data rows seen (good and bad), empty lines not counted. */
  total: number;
}

export class CsvFormatError extends Error {
  constructor(
    message: string,
    public readonly details: unknown,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** ¥1,299.50 → 129950 fen; null when it is not a non-negative amount with at most two decimals. */
export function parseAmountFen(raw: string): number | null {
  const s = toHalfWidth(raw).replace(/[¥￥,\s]|元$|RMB|CNY/gi, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const TIME_FORMATS = ['YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD'];

/**
 * A POS time: `2026-11-20 14:32[:05]`, `2026/11/20 14:32`, `2026-11-20`, or ISO 8601 with an offset.
 * Without an offset it is store time. Impossible dates (2月30日) are refused, not rolled over.
 */
export function parsePosTime(raw: string, timezone: string): Date | null {
  const s = toHalfWidth(raw).trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1) as (string | undefined)[] as string[];
  const norm = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')} ${h.padStart(2, '0')}:${mi.padStart(2, '0')}:${se.padStart(2, '0')}`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
  const parsed = dayjs.tz(norm, TIME_FORMATS[0], timezone);
  if (!parsed.isValid() || parsed.format(TIME_FORMATS[0]) !== norm) return null;
  return parsed.toDate();
}

export function parseMemberRef(raw: string): MemberRef | { error: string } {
  const s = toHalfWidth(raw).trim();
  if (!s) return { error: 'member phone or member code is empty' };
  if (MEMBER_CODE_PATTERN.test(s.toUpperCase())) return { kind: 'code', code: s.toUpperCase() };
  const phone = parsePhone(s);
  if (phone.ok) return { kind: 'phone', phone: phone.value };
  return { error: 'not a mobile number (11 digits) or a member code (M000123)' };
}

const newlines = (fields: string[]) => fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** Parses a POS export. Throws CsvFormatError when the file as a whole cannot be read (no usable header). */
export function parsePurchaseCsv(text: string, opts: { timezone: string; now: Date; maxFutureMs?: number }): ParsedCsv {
  const problems: RowProblem[] = [];
  const skipped: string[] = [];
  const records = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err) => {
      skipped.push(err?.message ?? 'unreadable row');
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  if (skipped.length) {
    // Only an unclosed quote stops csv-parse here: everything after it is one broken field.
    problems.push({ line: (records.length ? records[records.length - 1].info.lines : 0) + 1, field: 'row', reason: 'a quote (") is opened and never closed; this row and the rest of the file could not be read' });
  }
  const withLines = records.map((r) => ({ fields: r.record, line: r.info.lines - newlines(r.record) }));
  const nonEmpty = withLines.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (nonEmpty.length === 0) throw new CsvFormatError('The file is empty: expected a header row and purchase rows', []);
  const [header, ...data] = nonEmpty;
  const columns = header.fields.map(mapHeader);
  const missing: string[] = [];
  if (!columns.includes('time')) missing.push('time');
  if (!columns.includes('member') && !columns.includes('phone') && !columns.includes('memberCode')) missing.push('member (phone or member code)');
  if (!columns.includes('items')) missing.push('items');
  if (!columns.includes('amount')) missing.push('amount');
  if (missing.length) {
    throw new CsvFormatError(`The header row lacks required columns: ${missing.join(', ')}`, {
      line: header.line,
      missing,
      found: header.fields,
      expected: 'time, member phone or member code, items, category, quantity, amount, store, assistant',
    });
  }
  const maxFuture = opts.maxFutureMs ?? 24 * 3_600_000;
  const rows: ParsedPurchaseRow[] = [];
  for (const r of data) {
    if (r.fields.length !== header.fields.length) {
      problems.push({ line: r.line, field: 'row', reason: `expected ${header.fields.length} columns, found ${r.fields.length}` });
      continue;
    }
    const get = (f: ImportField): string => {
      const i = columns.indexOf(f);
      return i < 0 ? '' : (r.fields[i] ?? '').trim();
    };
    const rowProblems: RowProblem[] = [];
    const bad = (field: ImportField, reason: string) => rowProblems.push({ line: r.line, field, reason });

    const timeRaw = get('time');
    const purchasedAt = timeRaw ? parsePosTime(timeRaw, opts.timezone) : null;
    if (!timeRaw) bad('time', 'time is empty');
    else if (!purchasedAt) bad('time', `"${timeRaw.slice(0, 40)}" is not a date and time such as 2026-11-20 14:32`);
    else if (purchasedAt.getTime() > opts.now.getTime() + maxFuture) bad('time', 'time is in the future');

    const memberRaw = get('member') || get('phone') || get('memberCode');
    const member = parseMemberRef(memberRaw);
    // Never echo a phone number back: the reason names the problem only.
    if ('error' in member) bad(columns.includes('member') ? 'member' : columns.includes('phone') ? 'phone' : 'memberCode', member.error);

    const items = get('items');
    if (!items) bad('items', 'items is empty');
    else if (Array.from(items).length > 500) bad('items', 'items is longer than 500 characters');

    const category = get('category');
    if (Array.from(category).length > 64) bad('category', 'category is longer than 64 characters');

    const qtyRaw = toHalfWidth(get('quantity'));
    const quantity = qtyRaw === '' ? 1 : /^\d{1,6}$/.test(qtyRaw) ? Number(qtyRaw) : NaN;
    if (!Number.isInteger(quantity) || quantity < 1) bad('quantity', `"${qtyRaw.slice(0, 20)}" is not a whole number of at least 1`);

    const amountRaw = get('amount');
    const amountFen = amountRaw ? parseAmountFen(amountRaw) : null;
    if (!amountRaw) bad('amount', 'amount is empty');
    else if (amountFen === null) bad('amount', `"${amountRaw.slice(0, 20)}" is not an amount in yuan such as 1299.00 (refunds are not imported)`);

    const store = get('store');
    if (Array.from(store).length > 64) bad('store', 'store is longer than 64 characters');
    const assistant = get('assistant');

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    rows.push({
      line: r.line,
      member: member as MemberRef,
      purchasedAt: purchasedAt!,
      items,
      category: category || null,
      quantity,
      amountFen: amountFen!,
      store: store || null,
      assistant: assistant || null,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems, total: data.length };
}
