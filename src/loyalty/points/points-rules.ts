import { dayjs } from '../../shared/store-time';
import type { PointsExpiry } from './points.config-schema';

/** Ledger entry kinds: earned on a purchase, redeemed at the till, expired, adjusted by a manager, reversed by a refund, referral reward. */
export const POINTS_KINDS = ['earned', 'redeemed', 'expired', 'adjusted', 'reversed', 'referral'] as const;
export type PointsKind = (typeof POINTS_KINDS)[number];

/** What earning needs to know: points per yuan and the multiplier of each tier. */
export interface EarningRule {
  perYuan: number;
  multipliers: Readonly<Record<string, number>>;
}

/** Points a purchase of `amountFen` earns at `tier`: rounded down, never negative. */
export function pointsForPurchase(amountFen: number, tier: string, rule: EarningRule): number {
  if (amountFen <= 0) return 0;
  const multiplier = rule.multipliers[tier] ?? 1;
  // Fen keeps it integral; the tiny epsilon keeps 1.2 × 100 from flooring to 119.
  return Math.max(0, Math.floor((amountFen * rule.perYuan * multiplier) / 100 + 1e-9));
}

/**
 * The instant points earned at `earnedAt` expire: the start of the month after the Nth month after the
 * month earned (store time), i.e. they are good through that month's last day; or N days later.
 */
export function expiryOf(earnedAt: Date, rule: PointsExpiry, tz: string): Date {
  const local = dayjs(earnedAt).tz(tz);
  if (rule.unit === 'days') return local.add(rule.count, 'day').toDate();
  const firstOfMonth = local.startOf('month').format('YYYY-MM-DD');
  return dayjs.tz(`${dayjs(firstOfMonth).add(rule.count + 1, 'month').format('YYYY-MM-DD')} 00:00`, 'YYYY-MM-DD HH:mm', tz).toDate();
}

/** The last store day points expiring at `expiresAt` can still be used (YYYY-MM-DD). */
export function lastDayOf(expiresAt: Date, tz: string): string {
  return dayjs(expiresAt.getTime() - 1).tz(tz).format('YYYY-MM-DD');
}

/** An open lot of earned points: what is left of it and when it expires. */
export interface LotLike {
  id: number;
  remaining: number;
  expiresAt: Date;
  purchaseId: number | null;
}

/**
 * Which lots a spend of `points` takes from, and how much of each: the lot of `preferPurchaseId` first (a
 * refund takes back its own purchase's points), then the soonest to expire (FIFO), so what expires is
 * exactly what was never used.
 */
export function allocate(lots: readonly LotLike[], points: number, preferPurchaseId: number | null = null): { lotId: number; take: number }[] {
  const order = [...lots].filter((l) => l.remaining > 0).sort((a, b) => {
    const pa = preferPurchaseId !== null && a.purchaseId === preferPurchaseId ? 0 : 1;
    const pb = preferPurchaseId !== null && b.purchaseId === preferPurchaseId ? 0 : 1;
    return pa - pb || a.expiresAt.getTime() - b.expiresAt.getTime() || a.id - b.id;
  });
  const out: { lotId: number; take: number }[] = [];
  let left = points;
  for (const lot of order) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    out.push({ lotId: lot.id, take });
    left -= take;
  }
  return out;
}
