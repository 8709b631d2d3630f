import { type DataSource, type EntityManager, In } from 'typeorm';
import { dbKind, isUniqueViolation } from '../../db/sql-dialect';
import { ConflictError } from '../../shared/errors';
import { PointsAccount, PointsEntry, PointsLot } from './points.entities';
import { allocate, type PointsKind } from './points-rules';

/** One change to a member's points. */
export interface PointsChange {
  memberId: number;
  kind: PointsKind;
  /** Signed: positive earns a lot, negative spends from lots. */
  points: number;
  reason: string;
  /** null: the system (purchases, refunds, expiry). */
  staffId: number | null;
  /** The change happens once per key (a purchase, a till's retry). */
  sourceKey?: string | null;
  purchaseId?: number | null;
  /** Positive changes: when the lot was earned and when it expires. */
  lot?: { earnedAt: Date; expiresAt: Date };
  /** Negative changes: take only what the balance holds instead of refusing (refunds). */
  clampToBalance?: boolean;
  /** Negative changes: take from this purchase's lot first (a refund). */
  preferPurchaseId?: number | null;
  /** Negative changes: exactly these lots, all that is left of them (expiry). */
  lotIds?: number[];
}

export type PointsChangeResult =
  | { status: 'applied'; entry: PointsEntry; balance: number }
  | { status: 'duplicate'; entry: PointsEntry | null; balance: number }
  | { status: 'nothing'; balance: number };

/** Asked for more points than the balance holds. */
export class InsufficientPointsError extends ConflictError {
  constructor(
    public readonly balance: number,
    requested: number,
  ) {
    super(`Not enough points: the balance is ${balance}, ${requested} requested`, { balance, requested });
  }
}

class DuplicateChange extends Error {}

/**
 * The only writer of points: each change is one transaction that first updates the member's balance row
 * (on MySQL after `SELECT … FOR UPDATE`, on SQLite one change at a time through the single connection) with
 * the condition that it stays ≥ 0, then appends the ledger entry and moves the lots. So the balance always
 * equals what the open lots hold, and two spends at once cannot take the same points.
 */
export class PointsLedger {
  // SQLite has one connection: TypeORM would nest a second transaction inside the first, so changes queue.
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { ds: DataSource; now: () => Date }) {}

  async apply(change: PointsChange): Promise<PointsChangeResult> {
    if (!Number.isInteger(change.points)) throw new Error('points must be a whole number');
    await this.ensureAccount(change.memberId);
    const run = () => this.applyNow(change);
    if (dbKind(this.deps.ds) === 'mysql') return run();
    const next = this.sqliteQueue.then(run, run);
    this.sqliteQueue = next.catch(() => undefined);
    return next;
  }

  async balanceOf(memberId: number): Promise<number> {
    const row = await this.deps.ds.getRepository(PointsAccount).findOneBy({ memberId });
    return row?.balance ?? 0;
  }

  private async ensureAccount(memberId: number): Promise<void> {
    const repo = this.deps.ds.getRepository(PointsAccount);
    if (await repo.existsBy({ memberId })) return;
    try {
      await repo.insert({ memberId, balance: 0, updatedAt: this.deps.now() });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }

  private async applyNow(change: PointsChange): Promise<PointsChangeResult> {
    try {
      return await this.deps.ds.transaction((em) => this.inTransaction(em, change));
    } catch (err) {
      if (!(err instanceof DuplicateChange) && !(change.sourceKey && isUniqueViolation(err))) throw err;
      const entry = await this.deps.ds.getRepository(PointsEntry).findOneBy({ sourceKey: change.sourceKey! });
      return { status: 'duplicate', entry, balance: await this.balanceOf(change.memberId) };
    }
  }

  private async inTransaction(em: EntityManager, c: PointsChange): Promise<PointsChangeResult> {
    const now = this.deps.now();
    const lockSql = dbKind(this.deps.ds) === 'mysql' ? ' FOR UPDATE' : '';
    const rows = (await em.query(`SELECT balance FROM points_account WHERE memberId = ?${lockSql}`, [c.memberId])) as { balance: number | string }[];
    const balance = Number(rows[0]?.balance ?? 0);
    if (c.sourceKey && (await em.getRepository(PointsEntry).existsBy({ sourceKey: c.sourceKey }))) throw new DuplicateChange();

    let lots: PointsLot[] = [];
    let delta = c.points;
    if (c.lotIds) {
      lots = c.lotIds.length ? await em.getRepository(PointsLot).findBy({ id: In(c.lotIds), memberId: c.memberId, isOpen: true }) : [];
      delta = -lots.reduce((s, l) => s + l.remaining, 0);
    } else if (delta < 0) {
      if (c.clampToBalance) delta = -Math.min(-delta, balance);
      else if (balance + delta < 0) throw new InsufficientPointsError(balance, -delta);
    }
    if (delta === 0) return { status: 'nothing', balance };

    const updated = await em
      .createQueryBuilder()
      .update(PointsAccount)
      .set({ balance: () => `balance + ${delta}`, updatedAt: now })
      .where('memberId = :memberId AND balance + :delta >= 0', { memberId: c.memberId, delta })
      .execute();
    // The lock (or the single SQLite connection) makes this hold; the condition is the last word anyway.
    if (updated.affected !== 1) throw new InsufficientPointsError(balance, -delta);

    const inserted = await em.getRepository(PointsEntry).insert({
      memberId: c.memberId,
      kind: c.kind,
      points: delta,
      balanceAfter: balance + delta,
      reason: c.reason.slice(0, 200),
      staffId: c.staffId,
      purchaseId: c.purchaseId ?? null,
      sourceKey: c.sourceKey ?? null,
      createdAt: now,
    });
    const entryId = Number(inserted.identifiers[0].id);

    const lotRepo = em.getRepository(PointsLot);
    if (delta > 0) {
      const lot = c.lot ?? { earnedAt: now, expiresAt: now };
      await lotRepo.insert({ memberId: c.memberId, entryId, purchaseId: c.purchaseId ?? null, points: delta, remaining: delta, isOpen: true, earnedAt: lot.earnedAt, expiresAt: lot.expiresAt, remindedAt: null });
    } else {
      if (!c.lotIds) lots = await lotRepo.find({ where: { memberId: c.memberId, isOpen: true }, order: { expiresAt: 'ASC', id: 'ASC' } });
      const takes = c.lotIds ? lots.map((l) => ({ lotId: l.id, take: l.remaining })) : allocate(lots, -delta, c.preferPurchaseId ?? null);
      const byId = new Map(lots.map((l) => [l.id, l]));
      for (const { lotId, take } of takes) {
        const left = byId.get(lotId)!.remaining - take;
        await lotRepo.update({ id: lotId }, { remaining: left, isOpen: left > 0 });
      }
    }
    const entry = await em.getRepository(PointsEntry).findOneByOrFail({ id: entryId });
    return { status: 'applied', entry, balance: balance + delta };
  }
}
