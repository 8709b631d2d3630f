import { createHash } from 'node:crypto';
import { type DataSource, In, IsNull } from 'typeorm';
import { isUniqueViolation } from '../db/sql-dialect';
import { Member, type MemberPurchaseSummary } from '../members';
import type { MemberService } from '../members';
import type { Clock } from '../shared/clock';
import { ValidationError } from '../shared/errors';
import type { TemplateLibrary } from '../shared/templates';
import { Staff } from '../staff';
import { decodeCsvBytes } from './csv-decoding';
import { CsvFormatError, parsePurchaseCsv, type ParsedPurchaseRow, type RowProblem } from './purchase-import';
import { Purchase } from './purchase.entity';

/** "The last 12 months" of a member's spend (summaries, and the loyalty tiers built on them). */
export const SPEND_WINDOW_DAYS = 365;

/**
 * A refund is a purchase row with a negative amount (a POS refund line). It lowers the spend (sums
 * include it) but is not a purchase: not counted, not a last or first purchase, never followed up.
 */
export const isRefund = (p: { amountFen: number }): boolean => p.amountFen < 0;
const SALE_COUNT = 'CASE WHEN p.amountFen >= 0 THEN 1 ELSE 0 END';
const SALE_TIME = 'CASE WHEN p.amountFen >= 0 THEN p.purchasedAt END';

/** A purchase ready to store: member resolved, amount in fen, its idempotency key chosen. */
export type PurchaseInput = Pick<
  Purchase,
  'memberId' | 'purchasedAt' | 'items' | 'category' | 'quantity' | 'amountFen' | 'store' | 'assistantId' | 'idempotencyKey'
>;

export interface RecordOutcome {
  idempotencyKey: string;
  status: 'created' | 'duplicate';
  id: number;
  memberId: number;
}

// The summary's shape is the member record's (staff see it on the member page).
export type { MemberPurchaseSummary };

/** One member's purchase facts, as loyalty needs them for tier and lifecycle. */
export interface MemberSpendStats {
  count: number;
  lastAt: Date | null;
  /** Spend over the SPEND_WINDOW_DAYS before `now`, in fen, refunds taken off (never below 0). */
  spend12mFen: number;
}

/** A purchase just stored, as listeners get it (refunds have a negative amount). */
export interface RecordedPurchase {
  id: number;
  memberId: number;
  amountFen: number;
  purchasedAt: Date;
  items: string;
}

/**
 * Called after purchases were stored, with the members who got new ones (loyalty refreshes their tier)
 * and the purchases themselves, each exactly once whatever route it came by (API, batch, POS import).
 */
export type PurchasesRecordedListener = (memberIds: number[], purchases: RecordedPurchase[]) => Promise<void>;

/** One problem of a row, in Chinese, naming the line and (for a cell) the column. */
export interface ImportProblem {
  field?: string;
  column?: number;
  reason: string;
}

/** One row not imported (or imported with a remark): all its problems, the first one's place on top. */
export interface ImportRowReport extends ImportProblem {
  line: number;
  problems: ImportProblem[];
}

export interface ImportResult {
  total: number;
  imported: number;
  duplicates: number;
  /** One entry per rejected row, however many problems it has. */
  rejected: ImportRowReport[];
  warnings: ImportRowReport[];
  /** How the file's bytes were read (utf-8, gb18030, …). */
  encoding: string;
}

export interface PurchaseServiceDeps {
  ds: DataSource;
  clock: Clock;
  /** Phone numbers in a POS import are matched by their lookup hash. */
  members: Pick<MemberService, 'phoneLookupHash'>;
  /** Store time zone: POS times without an offset are store time. */
  timezone: string;
  /** Reasons a POS row or file is refused (`purchases.import.*`). */
  templates: TemplateLibrary;
}

/** What other modules read about a member's purchases (staff member detail, mini-program, 积分). */
export interface PurchasesReader {
  listForMember(memberId: number, opts?: { limit?: number; offset?: number }): Promise<Purchase[]>;
  summaryForMember(memberId: number): Promise<MemberPurchaseSummary>;
  spendStatsFor(memberIds: number[], now: Date): Promise<Map<number, MemberSpendStats>>;
}

const CHUNK = 400;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Raw MAX(datetime) from either driver: mysql2 gives a Date (UTC, timezone 'Z'), SQLite a UTC string. */
function rawDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

/** Key of a row of an import: the same row in the same (or a later, overlapping) export maps to the same key. */
export function importRowKey(row: { memberId: number; purchasedAt: Date; items: string; category: string | null; quantity: number; amountFen: number; store: string | null; assistantId: number | null }, occurrence: number): string {
  const basis = [row.memberId, row.purchasedAt.toISOString(), row.items, row.category ?? '', row.quantity, row.amountFen, row.store ?? '', row.assistantId ?? '', occurrence].join('\u001f');
  return `csv:${createHash('sha256').update(basis).digest('hex')}`;
}

/**
 * Purchases: recording one, a batch or a POS import (with each purchase's first-purchase flag), and
 * reading them back per member. Tiers and lifecycle belong to loyalty, which subscribes with `whenRecorded`.
 */
export class PurchaseService implements PurchasesReader {
  private readonly recordedListeners: PurchasesRecordedListener[] = [];

  constructor(private readonly deps: PurchaseServiceDeps) {}

  /** Awaited after every call that stored new purchases, with the members who got them (loyalty refreshes tiers). */
  whenRecorded(listener: PurchasesRecordedListener): void {
    this.recordedListeners.push(listener);
  }

  get repo() {
    return this.deps.ds.getRepository(Purchase);
  }

  /**
   * Stores purchases; a key seen before (in the database or earlier in the same call) is a duplicate and
   * adds nothing. Returns one outcome per input, in input order.
   */
  async record(inputs: PurchaseInput[], source: Purchase['source']): Promise<RecordOutcome[]> {
    const outcomes = new Map<string, RecordOutcome>();
    const existing = new Map<string, { id: number; memberId: number }>();
    const uniqueKeys = [...new Set(inputs.map((i) => i.idempotencyKey))];
    for (const part of chunks(uniqueKeys)) {
      const rows = await this.repo.find({ select: { id: true, idempotencyKey: true, memberId: true }, where: { idempotencyKey: In(part) } });
      for (const r of rows) existing.set(r.idempotencyKey, { id: r.id, memberId: r.memberId });
    }
    const fresh: PurchaseInput[] = [];
    const seen = new Set<string>();
    for (const i of inputs) {
      if (existing.has(i.idempotencyKey) || seen.has(i.idempotencyKey)) continue;
      seen.add(i.idempotencyKey);
      fresh.push(i);
    }
    fresh.sort((a, b) => a.purchasedAt.getTime() - b.purchasedAt.getTime());
    const memberIds = [...new Set(fresh.map((i) => i.memberId))];
    const hasPurchases = new Set<number>();
    for (const part of chunks(memberIds)) {
      const rows = await this.repo
        .createQueryBuilder('p')
        .select('p.memberId', 'memberId')
        .where('p.memberId IN (:...ids)', { ids: part })
        .andWhere('p.amountFen >= 0')
        .groupBy('p.memberId')
        .getRawMany<{ memberId: number | string }>();
      for (const r of rows) hasPurchases.add(Number(r.memberId));
    }
    const now = this.deps.clock.now();
    const toRow = (i: PurchaseInput): Partial<Purchase> => {
      // A refund is never a first purchase, and a member whose only rows are refunds has not bought yet.
      if (isRefund(i)) return { ...i, source, isFirstPurchase: false, createdAt: now };
      const first = !hasPurchases.has(i.memberId);
      hasPurchases.add(i.memberId);
      return { ...i, source, isFirstPurchase: first, createdAt: now };
    };
    const created = new Set<string>();
    for (const part of chunks(fresh.map(toRow), 200)) {
      try {
        await this.repo.insert(part);
        for (const r of part) created.add(r.idempotencyKey!);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Someone stored some of these meanwhile: go row by row so the rest still lands.
        for (const r of part) {
          try {
            await this.repo.insert(r);
            created.add(r.idempotencyKey!);
          } catch (e) {
            if (!isUniqueViolation(e)) throw e;
          }
        }
      }
    }
    for (const part of chunks(uniqueKeys.filter((k) => !existing.has(k)))) {
      const rows = await this.repo.find({ select: { id: true, idempotencyKey: true, memberId: true }, where: { idempotencyKey: In(part) } });
      for (const r of rows) existing.set(r.idempotencyKey, { id: r.id, memberId: r.memberId });
    }
    const result: RecordOutcome[] = [];
    for (const i of inputs) {
      const row = existing.get(i.idempotencyKey);
      const status: RecordOutcome['status'] = created.has(i.idempotencyKey) && !outcomes.has(i.idempotencyKey) ? 'created' : 'duplicate';
      const outcome = { idempotencyKey: i.idempotencyKey, status, id: row?.id ?? 0, memberId: i.memberId };
      if (!outcomes.has(i.idempotencyKey)) outcomes.set(i.idempotencyKey, outcome);
      result.push(outcome);
    }
    const stored = fresh.filter((i) => created.has(i.idempotencyKey));
    const touched = [...new Set(stored.map((i) => i.memberId))];
    const recorded: RecordedPurchase[] = stored.map((i) => ({ id: existing.get(i.idempotencyKey)?.id ?? 0, memberId: i.memberId, amountFen: i.amountFen, purchasedAt: i.purchasedAt, items: i.items }));
    if (touched.length) for (const listener of this.recordedListeners) await listener(touched, recorded);
    return result;
  }

  /**
   * Imports a POS export given as its bytes (the encoding is detected: BOM, the Content-Type's charset,
   * else UTF-8 or GB18030) or as text. A file that cannot be read is refused whole (ValidationError with
   * a Chinese message); bad rows are reported with their line and column, good rows stored.
   */
  async importCsv(body: Uint8Array | string, contentType?: string): Promise<ImportResult> {
    const now = this.deps.clock.now();
    const t = this.deps.templates;
    let text: string;
    let encoding = 'utf-8';
    if (typeof body === 'string') text = body;
    else {
      const decoded = decodeCsvBytes(body, contentType);
      if (!decoded.ok) {
        const { code, ...vars } = decoded.problem;
        throw new ValidationError(t.render(`purchases.import.file.${code}`, vars), { code });
      }
      ({ text, encoding } = decoded);
    }
    let parsed;
    try {
      parsed = parsePurchaseCsv(text, { timezone: this.deps.timezone, now });
    } catch (err) {
      if (!(err instanceof CsvFormatError)) throw err;
      const missing = String(err.vars.fields ?? '').split(',').filter(Boolean).map((f) => t.render(`purchases.import.columns.${f}`));
      throw new ValidationError(t.render(`purchases.import.file.${err.code}`, { ...err.vars, missing: missing.join(t.render('purchases.import.columns.separator')) }), err.details);
    }
    const rejected = [...parsed.problems];
    const warnings: RowProblem[] = [];

    const byPhone = new Map<string, number[]>();
    const byCode = new Map<string, number>();
    const hashes = [...new Set(parsed.rows.flatMap((r) => (r.member.kind === 'phone' ? [this.deps.members.phoneLookupHash(r.member.phone)] : [])))];
    for (const part of chunks(hashes)) {
      const ms = await this.deps.ds.getRepository(Member).find({ select: { id: true, phoneHash: true }, where: { phoneHash: In(part), erasedAt: IsNull() } });
      for (const m of ms) byPhone.set(m.phoneHash!, [...(byPhone.get(m.phoneHash!) ?? []), m.id]);
    }
    const codes = [...new Set(parsed.rows.flatMap((r) => (r.member.kind === 'code' ? [r.member.code] : [])))];
    for (const part of chunks(codes)) {
      const ms = await this.deps.ds.getRepository(Member).find({ select: { id: true, code: true }, where: { code: In(part), erasedAt: IsNull() } });
      for (const m of ms) byCode.set(m.code, m.id);
    }
    const staff = await this.deps.ds.getRepository(Staff).find();
    const staffByName = new Map<string, Staff[]>();
    for (const s of staff) staffByName.set(s.name, [...(staffByName.get(s.name) ?? []), s]);

    const inputs: (Omit<PurchaseInput, 'idempotencyKey'> & { line: number })[] = [];
    for (const row of parsed.rows) {
      const memberId = this.resolveImportMember(row, byPhone, byCode, rejected);
      if (memberId === null) continue;
      inputs.push({
        line: row.line,
        memberId,
        purchasedAt: row.purchasedAt,
        items: row.items,
        category: row.category,
        quantity: row.quantity,
        amountFen: row.amountFen,
        store: row.store,
        assistantId: this.resolveImportAssistant(row, staff, staffByName, warnings),
      });
    }
    // Identical rows in one file are distinct purchases: the occurrence number keeps their keys apart.
    const occurrences = new Map<string, number>();
    const keyed: PurchaseInput[] = inputs.map(({ line: _line, ...i }) => {
      const base = importRowKey(i, 0);
      const n = occurrences.get(base) ?? 0;
      occurrences.set(base, n + 1);
      return { ...i, idempotencyKey: n === 0 ? base : importRowKey(i, n) };
    });
    const outcomes = await this.record(keyed, 'import');
    return {
      total: parsed.total,
      imported: outcomes.filter((o) => o.status === 'created').length,
      duplicates: outcomes.filter((o) => o.status === 'duplicate').length,
      rejected: this.byRow(rejected),
      warnings: this.byRow(warnings),
      encoding,
    };
  }

  /** Problems grouped by row, each rendered in Chinese with its line and column. */
  private byRow(problems: RowProblem[]): ImportRowReport[] {
    const t = this.deps.templates;
    const rows = new Map<number, ImportProblem[]>();
    const sorted = [...problems].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    for (const p of sorted) {
      const reason = t.render(`purchases.import.${p.code}`, p.vars);
      const where = p.column
        ? t.render('purchases.import.where.cell', { line: p.line, column: p.column, header: p.header ?? '', reason })
        : t.render('purchases.import.where.row', { line: p.line, reason });
      const list = rows.get(p.line) ?? [];
      list.push({ ...(p.field ? { field: p.field } : {}), ...(p.column ? { column: p.column } : {}), reason: where });
      rows.set(p.line, list);
    }
    return [...rows].map(([line, list]) => ({ line, ...list[0], reason: list.map((x) => x.reason).join(t.render('purchases.import.where.joiner')), problems: list }));
  }

  private resolveImportMember(row: ParsedPurchaseRow, byPhone: Map<string, number[]>, byCode: Map<string, number>, rejected: RowProblem[]): number | null {
    if (row.member.kind === 'code') {
      const id = byCode.get(row.member.code);
      if (id === undefined) rejected.push({ line: row.line, field: 'memberCode', ...row.cells.member, code: 'member.unknown_code', vars: { code: row.member.code } });
      return id ?? null;
    }
    const ids = byPhone.get(this.deps.members.phoneLookupHash(row.member.phone)) ?? [];
    if (ids.length === 1) return ids[0];
    rejected.push({ line: row.line, field: 'phone', ...row.cells.member, code: ids.length === 0 ? 'member.unknown_phone' : 'member.ambiguous_phone' });
    return null;
  }

  private resolveImportAssistant(row: ParsedPurchaseRow, staff: Staff[], byName: Map<string, Staff[]>, warnings: RowProblem[]): number | null {
    if (!row.assistant) return null;
    const byId = /^\d+$/.test(row.assistant) ? staff.find((s) => s.id === Number(row.assistant)) : undefined;
    const named = byName.get(row.assistant) ?? [];
    const found = byId ?? (named.length === 1 ? named[0] : named.find((s) => s.active));
    if (!found) warnings.push({ line: row.line, field: 'assistant', ...row.cells.assistant, code: 'assistant.unknown', vars: { name: row.assistant.slice(0, 32) } });
    return found?.id ?? null;
  }

  async listForMember(memberId: number, opts: { limit?: number; offset?: number } = {}): Promise<Purchase[]> {
    return this.repo.find({ where: { memberId }, order: { purchasedAt: 'DESC', id: 'DESC' }, take: opts.limit ?? 50, skip: opts.offset ?? 0 });
  }

  async summaryForMember(memberId: number): Promise<MemberPurchaseSummary> {
    const since = new Date(this.deps.clock.now().getTime() - SPEND_WINDOW_DAYS * 86_400_000);
    const row = await this.repo
      .createQueryBuilder('p')
      .select(`SUM(${SALE_COUNT})`, 'cnt')
      .addSelect('COALESCE(SUM(p.amountFen), 0)', 'total')
      .addSelect('SUM(CASE WHEN p.purchasedAt >= :since THEN p.amountFen ELSE 0 END)', 'spend')
      .addSelect(`MIN(${SALE_TIME})`, 'first')
      .addSelect(`MAX(${SALE_TIME})`, 'last')
      .where('p.memberId = :memberId', { memberId })
      .setParameter('since', since)
      .getRawOne<{ cnt: unknown; total: unknown; spend: unknown; first: unknown; last: unknown }>();
    return {
      count: Number(row?.cnt ?? 0),
      totalFen: Math.max(0, Number(row?.total ?? 0)),
      spend12mFen: Math.max(0, Number(row?.spend ?? 0)),
      firstAt: rawDate(row?.first),
      lastAt: rawDate(row?.last),
    };
  }

  /** Count, last purchase and 12-month spend of each of these members that bought anything. */
  async spendStatsFor(memberIds: number[], now: Date): Promise<Map<number, MemberSpendStats>> {
    const since = new Date(now.getTime() - SPEND_WINDOW_DAYS * 86_400_000);
    const out = new Map<number, MemberSpendStats>();
    for (const part of chunks(memberIds)) {
      const stats = await this.repo
        .createQueryBuilder('p')
        .select('p.memberId', 'memberId')
        .addSelect(`SUM(${SALE_COUNT})`, 'cnt')
        .addSelect(`MAX(${SALE_TIME})`, 'last')
        .addSelect('SUM(CASE WHEN p.purchasedAt >= :since THEN p.amountFen ELSE 0 END)', 'spend')
        .where('p.memberId IN (:...ids)', { ids: part })
        .setParameter('since', since)
        .groupBy('p.memberId')
        .getRawMany<{ memberId: number | string; cnt: number | string; last: unknown; spend: number | string | null }>();
      for (const s of stats) out.set(Number(s.memberId), { count: Number(s.cnt ?? 0), lastAt: rawDate(s.last), spend12mFen: Math.max(0, Number(s.spend ?? 0)) });
    }
    return out;
  }
}
