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
  /** Negative for a refund. */
  amountFen: number;
  store: string | null;
  /** Name or numeric id of the assistant as the POS wrote it. */
  assistant: string | null;
  /** Where the member and the assistant were read (1-based column, header as written): reasons name them. */
  cells: { member: Cell; assistant: Cell | null };
}

export interface Cell {
  column: number;
  header: string;
}

/**
 * Why a row (or one of its cells) cannot be imported: a code under `purchases.import.*` in the templates
 * with its variables, and where it is (the line, and the column as the file names it).
 */
export interface RowProblem {
  line: number;
  field?: ImportField | 'row';
  /** 1-based column in the file, and its header as written there; absent for whole-row problems. */
  column?: number;
  header?: string;
  code: string;
  vars?: Record<string, string | number>;
}

export interface ParsedCsv {
  rows: ParsedPurchaseRow[];
  problems: RowProblem[];
  /** Data rows seen (good and bad), empty lines not counted. */
  total: number;
}

/** The file as a whole cannot be read: `code` under `purchases.import.file.*` (the message is for logs). */
export class CsvFormatError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly vars: Record<string, string | number>,
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

/**
 * An amount as tills and Excel write it, refunds included: `-1,000.00`, `￥-299`, `-¥299`, `−299元`
 * (a minus sign of any width), or accounting style `(299.00)`. Negative fen for a refund.
 */
export function parseSignedAmountFen(raw: string): number | null {
  let s = toHalfWidth(raw).replace(/\u2212/g, '-').trim();
  let negative = false;
  const accounting = /^\((.*)\)$/.exec(s);
  if (accounting) {
    negative = true;
    s = accounting[1];
  }
  s = s.replace(/[¥￥\s]|RMB|CNY/gi, '');
  if (s.startsWith('-')) {
    if (negative) return null;
    negative = true;
    s = s.slice(1);
  }
  if (s.startsWith('-')) return null;
  const fen = /^\d{1,3}(,\d{3})+(\.\d{1,2})?元?$|^\d+(\.\d{1,2})?元?$/.test(s) ? parseAmountFen(s.replace(/元$/, '')) : null;
  if (fen === null) return null;
  return negative && fen !== 0 ? -fen : fen;
}

const TIME_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/**
 * A POS time: `2026-11-20 14:32[:05]`, `2026/11/20 14:32`, `2026.11.20`, `2026年11月20日 14:32`,
 * `2026年11月20日14时32分`, or ISO 8601 with an offset. Without an offset it is store time. Impossible
 * dates (2月30日) are refused, not rolled over.
 */
export function parsePosTime(raw: string, timezone: string): Date | null {
  const s = toHalfWidth(raw).trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?(?:\s*(\d{1,2})[:时點点](\d{2})(?:[:分](?:(\d{2})秒?)?)?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const norm = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')} ${h.padStart(2, '0')}:${mi.padStart(2, '0')}:${se.padStart(2, '0')}`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return null;
  const parsed = dayjs.tz(norm, TIME_FORMAT, timezone);
  if (!parsed.isValid() || parsed.format(TIME_FORMAT) !== norm) return null;
  return parsed.toDate();
}

export function parseMemberRef(raw: string): MemberRef | { error: 'member.empty' | 'member.bad' } {
  const s = toHalfWidth(raw).trim();
  if (!s) return { error: 'member.empty' };
  if (MEMBER_CODE_PATTERN.test(s.toUpperCase())) return { kind: 'code', code: s.toUpperCase() };
  const phone = parsePhone(s);
  if (phone.ok) return { kind: 'phone', phone: phone.value };
  return { error: 'member.bad' };
}

const newlines = (fields: string[]) => fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** Parses a POS export (already decoded to text). Throws CsvFormatError when the file as a whole cannot be read. */
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
    problems.push({ line: (records.length ? records[records.length - 1].info.lines : 0) + 1, field: 'row', code: 'row.unclosed_quote' });
  }
  const withLines = records.map((r) => ({ fields: r.record, line: r.info.lines - newlines(r.record) }));
  const nonEmpty = withLines.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (nonEmpty.length === 0) throw new CsvFormatError('empty', 'The file is empty: expected a header row and purchase rows', {}, []);
  const [header, ...data] = nonEmpty;
  // Excel ends rows with an empty cell when the sheet once had a column more: not a column.
  const headerFields = withoutTrailingEmpty(header.fields, 0);
  const columns = headerFields.map(mapHeader);
  const missing: ('time' | 'member' | 'items' | 'amount')[] = [];
  if (!columns.includes('time')) missing.push('time');
  if (!columns.includes('member') && !columns.includes('phone') && !columns.includes('memberCode')) missing.push('member');
  if (!columns.includes('items')) missing.push('items');
  if (!columns.includes('amount')) missing.push('amount');
  if (missing.length) {
    const names = missing.map((f) => (f === 'member' ? 'member (phone or member code)' : f));
    throw new CsvFormatError('missing_columns', `The header row lacks required columns: ${names.join(', ')}`, { line: header.line, fields: missing.join(',') }, {
      line: header.line,
      missing: names,
      found: headerFields,
      expected: 'time, member phone or member code, items, category, quantity, amount, store, assistant',
    });
  }
  const maxFuture = opts.maxFutureMs ?? 24 * 3_600_000;
  const rows: ParsedPurchaseRow[] = [];
  for (const r of data) {
    const fields = withoutTrailingEmpty(r.fields, headerFields.length);
    if (fields.length !== headerFields.length) {
      problems.push({ line: r.line, field: 'row', code: 'row.columns', vars: { expected: headerFields.length, found: fields.length } });
      continue;
    }
    const get = (f: ImportField): string => {
      const i = columns.indexOf(f);
      return i < 0 ? '' : (fields[i] ?? '').trim();
    };
    const rowProblems: RowProblem[] = [];
    const cell = (field: ImportField): Cell | null => {
      const i = columns.indexOf(field);
      return i < 0 ? null : { column: i + 1, header: headerFields[i].trim() };
    };
    const bad = (field: ImportField, code: string, vars?: Record<string, string | number>) => {
      rowProblems.push({ line: r.line, field, ...cell(field), code, ...(vars ? { vars } : {}) });
    };

    const timeRaw = get('time');
    const purchasedAt = timeRaw ? parsePosTime(timeRaw, opts.timezone) : null;
    if (!timeRaw) bad('time', 'time.empty');
    else if (!purchasedAt) bad('time', 'time.bad', { raw: timeRaw.slice(0, 40) });
    else if (purchasedAt.getTime() > opts.now.getTime() + maxFuture) bad('time', 'time.future');

    // The member column used: the first of member / phone / member code that is filled in.
    const memberColumns = (['member', 'phone', 'memberCode'] as const).filter((f) => columns.includes(f));
    const memberField = memberColumns.find((f) => get(f) !== '') ?? memberColumns[0];
    const member = parseMemberRef(get(memberField));
    // Never echo a phone number back: the reason names the problem only.
    if ('error' in member) bad(memberField, member.error);

    const items = get('items');
    if (!items) bad('items', 'items.empty');
    else if (Array.from(items).length > 500) bad('items', 'items.too_long');

    const category = get('category');
    if (Array.from(category).length > 64) bad('category', 'category.too_long');

    const amountRaw = get('amount');
    const amountFen = amountRaw ? parseSignedAmountFen(amountRaw) : null;
    if (!amountRaw) bad('amount', 'amount.empty');
    else if (amountFen === null) bad('amount', 'amount.bad', { raw: amountRaw.slice(0, 20) });

    // A refund may carry a negative quantity too (-1); it is stored as the count of items returned.
    const qtyRaw = toHalfWidth(get('quantity')).replace(/\u2212/g, '-').trim();
    const signedQty = qtyRaw === '' ? 1 : /^-?\d{1,6}$/.test(qtyRaw) ? Number(qtyRaw) : NaN;
    const quantity = Math.abs(signedQty);
    if (!Number.isInteger(signedQty) || quantity < 1) bad('quantity', 'quantity.bad', { raw: qtyRaw.slice(0, 20) });
    else if (signedQty < 0 && amountFen !== null && amountFen >= 0) bad('quantity', 'quantity.negative_sale');

    const store = get('store');
    if (Array.from(store).length > 64) bad('store', 'store.too_long');
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
      cells: { member: cell(memberField)!, assistant: cell('assistant') },
    });
  }
  problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { rows, problems, total: data.length };
}

/** Drops empty cells at the end of a row beyond `keep` (Excel's trailing comma). */
function withoutTrailingEmpty(fields: string[], keep: number): string[] {
  let end = fields.length;
  while (end > keep && (fields[end - 1] ?? '').trim() === '') end--;
  return end === fields.length ? fields : fields.slice(0, end);
}
