import { createHash } from 'node:crypto';
import { type DataSource, In, IsNull } from 'typeorm';
import { isUniqueViolation } from '../db/data-source';
import { Member, type Lifecycle } from '../members/member.entity';
import { MemberService } from '../members/member.service';
import type { OutboxPort } from '../outbox/outbox.port';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { storeDateKey } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import { Staff } from '../staff/staff.entity';
import { parsePurchaseCsv, type ParsedPurchaseRow, type RowProblem } from './purchase-import';
import { Purchase } from './purchase.entity';
import { lifecycleFor, NO_TIER, SPEND_WINDOW_DAYS, tierFor, tierRank, type TierThreshold } from './tiers';

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

export interface MemberPurchaseSummary {
  count: number;
  totalFen: number;
  spend12mFen: number;
  firstAt: Date | null;
  lastAt: Date | null;
}

export interface ImportResult {
  total: number;
  imported: number;
  duplicates: number;
  rejected: RowProblem[];
  warnings: RowProblem[];
}

export interface PurchaseServiceDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  members: MemberService;
  thresholds: readonly TierThreshold[];
  dormantDays: number;
  timezone: string;
  /** Other modules' services, read when needed (the outbox may be registered after this module). */
  services: Record<string, unknown>;
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
 * Purchases: recording one, a batch or a POS import; keeping each member's last purchase, first-purchase
 * flag, lifecycle and tier (spend over the last 12 months) up to date; announcing tier upgrades through
 * the outbox when the care module provides one.
 */
export class PurchaseService {
  constructor(private readonly deps: PurchaseServiceDeps) {}

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
        .groupBy('p.memberId')
        .getRawMany<{ memberId: number | string }>();
      for (const r of rows) hasPurchases.add(Number(r.memberId));
    }
    const now = this.deps.clock.now();
    const toRow = (i: PurchaseInput): Partial<Purchase> => {
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
    const touched = [...new Set(fresh.filter((i) => created.has(i.idempotencyKey)).map((i) => i.memberId))];
    if (touched.length) await this.refreshMembers(touched);
    return result;
  }

  /** Imports a POS export; bad rows are reported with their line numbers, good rows stored. */
  async importCsv(text: string): Promise<ImportResult> {
    const now = this.deps.clock.now();
    const parsed = parsePurchaseCsv(text, { timezone: this.deps.timezone, now });
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
    rejected.sort((a, b) => a.line - b.line);
    return {
      total: parsed.total,
      imported: outcomes.filter((o) => o.status === 'created').length,
      duplicates: outcomes.filter((o) => o.status === 'duplicate').length,
      rejected,
      warnings,
    };
  }

  private resolveImportMember(row: ParsedPurchaseRow, byPhone: Map<string, number[]>, byCode: Map<string, number>, rejected: RowProblem[]): number | null {
    if (row.member.kind === 'code') {
      const id = byCode.get(row.member.code);
      if (id === undefined) rejected.push({ line: row.line, field: 'memberCode', reason: `no member with code ${row.member.code}` });
      return id ?? null;
    }
    const ids = byPhone.get(this.deps.members.phoneLookupHash(row.member.phone)) ?? [];
    if (ids.length === 1) return ids[0];
    rejected.push({
      line: row.line,
      field: 'phone',
      reason: ids.length === 0 ? 'no member has this phone number' : 'several members have this phone number; use the member code instead',
    });
    return null;
  }

  private resolveImportAssistant(row: ParsedPurchaseRow, staff: Staff[], byName: Map<string, Staff[]>, warnings: RowProblem[]): number | null {
    if (!row.assistant) return null;
    const byId = /^\d+$/.test(row.assistant) ? staff.find((s) => s.id === Number(row.assistant)) : undefined;
    const named = byName.get(row.assistant) ?? [];
    const found = byId ?? (named.length === 1 ? named[0] : named.find((s) => s.active));
    if (!found) warnings.push({ line: row.line, field: 'assistant', reason: `no staff member called "${row.assistant.slice(0, 32)}"; imported without an assistant` });
    return found?.id ?? null;
  }

  /**
   * Recomputes last purchase, lifecycle and tier of these members from their purchases; announces tier
   * upgrades. Returns how many members changed.
   */
  async refreshMembers(memberIds: number[]): Promise<{ changed: number; upgraded: number }> {
    const now = this.deps.clock.now();
    const since = new Date(now.getTime() - SPEND_WINDOW_DAYS * 86_400_000);
    let changed = 0;
    let upgraded = 0;
    for (const part of chunks(memberIds)) {
      const stats = await this.repo
        .createQueryBuilder('p')
        .select('p.memberId', 'memberId')
        .addSelect('COUNT(*)', 'cnt')
        .addSelect('MAX(p.purchasedAt)', 'last')
        .addSelect('SUM(CASE WHEN p.purchasedAt >= :since THEN p.amountFen ELSE 0 END)', 'spend')
        .where('p.memberId IN (:...ids)', { ids: part })
        .setParameter('since', since)
        .groupBy('p.memberId')
        .getRawMany<{ memberId: number | string; cnt: number | string; last: unknown; spend: number | string | null }>();
      const byMember = new Map(stats.map((s) => [Number(s.memberId), s]));
      const members = await this.deps.ds.getRepository(Member).find({ where: { id: In(part), erasedAt: IsNull() } });
      for (const m of members) {
        const s = byMember.get(m.id);
        const count = s ? Number(s.cnt) : 0;
        const last = s ? rawDate(s.last) : null;
        const spend = s ? Number(s.spend ?? 0) : 0;
        const tier = tierFor(spend, this.deps.thresholds);
        const lifecycle: Lifecycle = lifecycleFor({ current: m.lifecycle, purchaseCount: count, lastPurchaseAt: last, now, dormantDays: this.deps.dormantDays });
        const lastChanged = (last?.getTime() ?? null) !== (m.lastPurchaseAt?.getTime() ?? null);
        if (tier === m.tier && lifecycle === m.lifecycle && !lastChanged) continue;
        await this.deps.ds.getRepository(Member).update({ id: m.id }, { tier, lifecycle, lastPurchaseAt: last, updatedAt: now });
        changed++;
        if (tierRank(tier, this.deps.thresholds) > tierRank(m.tier, this.deps.thresholds)) {
          upgraded++;
          await this.announceUpgrade(m, tier, now);
        }
      }
    }
    return { changed, upgraded };
  }

  /** Nightly: tiers fall as old purchases leave the 12-month window; members who stopped buying become dormant. */
  async refreshSegments(): Promise<{ checked: number; changed: number; upgraded: number }> {
    const ids: number[] = [];
    let after = 0;
    for (;;) {
      const rows = await this.deps.ds
        .getRepository(Member)
        .createQueryBuilder('m')
        .select('m.id', 'id')
        .where('m.erasedAt IS NULL AND m.id > :after', { after })
        .andWhere('(m.tier <> :none OR m.lifecycle IN (:...active))', { none: NO_TIER, active: ['new', 'regular', 'loyal'] })
        .orderBy('m.id', 'ASC')
        .limit(2000)
        .getRawMany<{ id: number | string }>();
      if (!rows.length) break;
      for (const r of rows) ids.push(Number(r.id));
      after = ids[ids.length - 1];
    }
    const r = await this.refreshMembers(ids);
    return { checked: ids.length, ...r };
  }

  private async announceUpgrade(member: Member, tier: string, now: Date): Promise<void> {
    const outbox = this.deps.services.outbox as OutboxPort | undefined;
    if (!outbox || typeof outbox.enqueue !== 'function') {
      this.deps.log.info({ memberId: member.id, tier }, 'tier upgraded (no outbox to announce it)');
      return;
    }
    const t = this.deps.templates;
    const assistant = await this.deps.members.assistantOf(member);
    // A tier configured without a Chinese name is announced generically, never as its internal code.
    const label = t.has(`purchases.tier.names.${tier}`) ? t.render(`purchases.tier.names.${tier}`) : t.render('purchases.tier.names.default');
    const benefits = t.has(`purchases.tier.benefits.${tier}`) ? t.render(`purchases.tier.benefits.${tier}`) : t.render('purchases.tier.benefits.default');
    const text = t.render(
      'purchases.tier.upgrade',
      { name: MemberService.displayName(member), tier: label, benefits, assistant: assistant?.name ?? '', hasAssistant: Boolean(assistant) },
      member.id + now.getUTCFullYear(),
    );
    try {
      await outbox.enqueue({ memberId: member.id, occasion: 'tier_upgrade', occasionDate: storeDateKey(now, this.deps.timezone), text, dueAt: now, meta: { tier } });
    } catch (err) {
      this.deps.log.warn({ memberId: member.id, err: (err as Error).message }, 'could not queue the tier upgrade message');
    }
  }

  async listForMember(memberId: number, opts: { limit?: number; offset?: number } = {}): Promise<Purchase[]> {
    return this.repo.find({ where: { memberId }, order: { purchasedAt: 'DESC', id: 'DESC' }, take: opts.limit ?? 50, skip: opts.offset ?? 0 });
  }

  async summaryForMember(memberId: number): Promise<MemberPurchaseSummary> {
    const since = new Date(this.deps.clock.now().getTime() - SPEND_WINDOW_DAYS * 86_400_000);
    const row = await this.repo
      .createQueryBuilder('p')
      .select('COUNT(*)', 'cnt')
      .addSelect('COALESCE(SUM(p.amountFen), 0)', 'total')
      .addSelect('SUM(CASE WHEN p.purchasedAt >= :since THEN p.amountFen ELSE 0 END)', 'spend')
      .addSelect('MIN(p.purchasedAt)', 'first')
      .addSelect('MAX(p.purchasedAt)', 'last')
      .where('p.memberId = :memberId', { memberId })
      .setParameter('since', since)
      .getRawOne<{ cnt: unknown; total: unknown; spend: unknown; first: unknown; last: unknown }>();
    return {
      count: Number(row?.cnt ?? 0),
      totalFen: Number(row?.total ?? 0),
      spend12mFen: Number(row?.spend ?? 0),
      firstAt: rawDate(row?.first),
      lastAt: rawDate(row?.last),
    };
  }
}
