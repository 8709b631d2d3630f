import { type DataSource, In, IsNull } from 'typeorm';
import { Member } from '../../members';
import { Purchase } from '../../purchases';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { PointsEntry, PointsLot } from './points.entities';
import type { PointsExpiry } from './points.config-schema';
import { PointsLedger, type PointsChangeResult } from './points-ledger';
import { expiryOf, lastDayOf, pointsForPurchase, type EarningRule, type PointsKind } from './points-rules';

export interface PointsServiceDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  timezone: string;
  earning: EarningRule;
  expiry: PointsExpiry;
}

/** A purchase as the points service needs it (what `purchases.whenRecorded` hands over). */
export interface PurchaseForPoints {
  id: number;
  memberId: number;
  amountFen: number;
  purchasedAt: Date;
  items: string;
}

/** Points that expire on one day. */
export interface ExpiringPoints {
  /** Last store day the points can be used (YYYY-MM-DD). */
  date: string;
  points: number;
}

export interface PointsEntryView {
  id: number;
  kind: PointsKind;
  points: number;
  balanceAfter: number;
  reason: string;
  staffId: number | null;
  purchaseId: number | null;
  at: Date;
}

/** A member's points: balance, what expires when (soonest first), the latest entries (newest first). */
export interface PointsSummary {
  balance: number;
  expiring: ExpiringPoints[];
  entries: PointsEntryView[];
}

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/**
 * Points: earned on purchases (once per purchase, whatever the route it came by), taken back by refunds,
 * redeemed and adjusted by staff, awarded for referrals; every change through the ledger.
 */
export class PointsService {
  readonly ledger: PointsLedger;

  constructor(private readonly deps: PointsServiceDeps) {
    this.ledger = new PointsLedger({ ds: deps.ds, now: () => deps.clock.now() });
  }

  /** Earns for new purchases and reverses for refunds (negative amounts). Safe to call twice for a purchase. */
  async onPurchasesRecorded(purchases: readonly PurchaseForPoints[]): Promise<void> {
    const memberIds = [...new Set(purchases.map((p) => p.memberId))];
    const tiers = new Map<number, string>();
    for (let i = 0; i < memberIds.length; i += 400) {
      const rows = await this.deps.ds.getRepository(Member).find({ select: { id: true, tier: true }, where: { id: In(memberIds.slice(i, i + 400)), erasedAt: IsNull() } });
      for (const m of rows) tiers.set(m.id, m.tier);
    }
    for (const p of [...purchases].sort((a, b) => a.purchasedAt.getTime() - b.purchasedAt.getTime() || a.id - b.id)) {
      const tier = tiers.get(p.memberId);
      if (tier === undefined) continue;
      if (p.amountFen > 0) await this.earn(p, tier);
      else if (p.amountFen < 0) await this.reverse(p);
    }
  }

  private async earn(p: PurchaseForPoints, tier: string): Promise<void> {
    const points = pointsForPurchase(p.amountFen, tier, this.deps.earning);
    const expiresAt = expiryOf(p.purchasedAt, this.deps.expiry, this.deps.timezone);
    // A purchase imported after its points would have expired earns nothing.
    if (points <= 0 || expiresAt <= this.deps.clock.now()) return;
    await this.ledger.apply({
      memberId: p.memberId,
      kind: 'earned',
      points,
      reason: `消费 ¥${yuan(p.amountFen)}`,
      staffId: null,
      sourceKey: `earn:p${p.id}`,
      purchaseId: p.id,
      lot: { earnedAt: p.purchasedAt, expiresAt },
    });
  }

  /**
   * A refund takes back what its purchase earned: the refunded share of the points of the member's
   * purchase it most likely refunds (same items, else the latest big enough), less what earlier refunds
   * took; without one, the points the refunded amount would earn at the base rate. Never below zero.
   */
  private async reverse(refund: PurchaseForPoints): Promise<void> {
    const refundFen = -refund.amountFen;
    const original = await this.originalOf(refund);
    let points: number;
    if (original) {
      const share = Math.min(1, refundFen / original.amountFen);
      points = Math.min(original.earned - original.reversed, Math.round(original.earned * share));
    } else {
      points = pointsForPurchase(refundFen, '', this.deps.earning);
    }
    if (points <= 0) return;
    await this.ledger.apply({
      memberId: refund.memberId,
      kind: 'reversed',
      points: -points,
      reason: `退货 ¥${yuan(refundFen)}`,
      staffId: null,
      sourceKey: `reverse:p${refund.id}`,
      purchaseId: original?.id ?? refund.id,
      preferPurchaseId: original?.id ?? null,
      clampToBalance: true,
    });
  }

  private async originalOf(refund: PurchaseForPoints): Promise<{ id: number; amountFen: number; earned: number; reversed: number } | null> {
    const candidates = await this.deps.ds
      .getRepository(Purchase)
      .createQueryBuilder('p')
      .select(['p.id', 'p.amountFen', 'p.items', 'p.purchasedAt'])
      .where('p.memberId = :m AND p.amountFen > 0 AND p.purchasedAt <= :at AND p.id <> :id', { m: refund.memberId, at: refund.purchasedAt, id: refund.id })
      .orderBy('p.purchasedAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(50)
      .getMany();
    if (!candidates.length) return null;
    const entries = await this.deps.ds.getRepository(PointsEntry).find({ where: { purchaseId: In(candidates.map((c) => c.id)), kind: In(['earned', 'reversed']) } });
    const facts = candidates.map((c) => {
      const mine = entries.filter((e) => e.purchaseId === c.id);
      const earned = mine.filter((e) => e.kind === 'earned').reduce((s, e) => s + e.points, 0);
      const reversed = -mine.filter((e) => e.kind === 'reversed').reduce((s, e) => s + e.points, 0);
      return { id: c.id, amountFen: c.amountFen, items: c.items, earned, reversed };
    });
    const open = facts.filter((f) => f.earned > f.reversed);
    const refundFen = -refund.amountFen;
    return open.find((f) => f.items === refund.items) ?? open.find((f) => f.amountFen >= refundFen) ?? null;
  }

  /** Staff redeem points at the till. Throws InsufficientPointsError when the balance is short. */
  redeem(input: { memberId: number; points: number; note: string | null; staffId: number; idempotencyKey?: string }): Promise<PointsChangeResult> {
    return this.ledger.apply({
      memberId: input.memberId,
      kind: 'redeemed',
      points: -input.points,
      reason: input.note?.trim() || '兑换',
      staffId: input.staffId,
      sourceKey: input.idempotencyKey ? `redeem:${input.memberId}:${input.idempotencyKey}` : null,
    });
  }

  /** A manager corrects the balance (signed); a positive adjustment expires like earned points. */
  adjust(input: { memberId: number; points: number; reason: string; staffId: number }): Promise<PointsChangeResult> {
    const now = this.deps.clock.now();
    return this.ledger.apply({
      memberId: input.memberId,
      kind: 'adjusted',
      points: input.points,
      reason: input.reason,
      staffId: input.staffId,
      lot: input.points > 0 ? { earnedAt: now, expiresAt: expiryOf(now, this.deps.expiry, this.deps.timezone) } : undefined,
    });
  }

  /** Points given by another rule (a referral reward), once per `sourceKey`. */
  award(input: { memberId: number; kind: Extract<PointsKind, 'referral' | 'earned'>; points: number; reason: string; sourceKey: string }): Promise<PointsChangeResult> {
    const now = this.deps.clock.now();
    return this.ledger.apply({
      memberId: input.memberId,
      kind: input.kind,
      points: input.points,
      reason: input.reason,
      staffId: null,
      sourceKey: input.sourceKey,
      lot: { earnedAt: now, expiresAt: expiryOf(now, this.deps.expiry, this.deps.timezone) },
    });
  }

  /** Balance, what expires when and the latest `limit` entries of a member. */
  async summaryFor(memberId: number, limit = 10): Promise<PointsSummary> {
    const { ds, timezone } = this.deps;
    const [balance, lots, entries] = await Promise.all([
      this.ledger.balanceOf(memberId),
      ds.getRepository(PointsLot).find({ where: { memberId, isOpen: true }, order: { expiresAt: 'ASC', id: 'ASC' } }),
      ds.getRepository(PointsEntry).find({ where: { memberId }, order: { id: 'DESC' }, take: limit }),
    ]);
    const byDay = new Map<string, number>();
    for (const l of lots) byDay.set(lastDayOf(l.expiresAt, timezone), (byDay.get(lastDayOf(l.expiresAt, timezone)) ?? 0) + l.remaining);
    return {
      balance,
      expiring: [...byDay].map(([date, points]) => ({ date, points })),
      entries: entries.map((e) => ({ id: e.id, kind: e.kind, points: e.points, balanceAfter: e.balanceAfter, reason: e.reason, staffId: e.staffId, purchaseId: e.purchaseId, at: e.createdAt })),
    };
  }
}
