import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { LeaseView } from '../chat';
import { dbKind } from '../db/sql-dialect';
import type { Clock } from '../shared/clock';
import { OutboxMessage, type OutboxStatus } from './outbox-message.entity';

/** The column default: the one account a store had before several (CHAT_ACCOUNTS). */
const DEFAULT_ACCOUNT = 'store';

/**
 * Claiming one sending account's outbox rows and moving them between statuses, always conditionally
 * (from the expected statuses, by the claimant), so parallel dispatchers on several instances never
 * handle a row twice. Each account's dispatcher sees only its own account's rows.
 */
export class OutboxClaims {
  private readonly instanceId = randomBytes(6).toString('hex');
  private seq = 0;

  constructor(
    private readonly deps: {
      ds: DataSource;
      clock: Clock;
      account?: string;
      /** Fencing: rows are claimed only under this instance's current lease on the account. */
      lease?: LeaseView;
    },
  ) {}

  /** The store account whose rows these claims take (`store` when there is one account). */
  get account(): string {
    return this.deps.account ?? DEFAULT_ACCOUNT;
  }

  private get repo() {
    return this.deps.ds.getRepository(OutboxMessage);
  }

  private nextClaimToken(): string {
    this.seq += 1;
    return `${this.instanceId}:${this.seq}`;
  }

  countDue(now: Date): Promise<number> {
    return this.repo
      .createQueryBuilder('o')
      .where('o.account = :account', { account: this.account })
      .andWhere('o.status = :s', { s: 'queued' })
      .andWhere('o.dueAt <= :now', { now })
      .getCount();
  }

  /**
   * Claims the most personal due row. MySQL: the next due row locked `FOR UPDATE SKIP LOCKED` in a
   * transaction, so parallel dispatchers take different rows without waiting; SQLite (one writer): a
   * conditional UPDATE of the first candidate still queued.
   */
  async claimOne(now: Date): Promise<OutboxMessage | null> {
    const fence = await this.fence(now);
    if (fence === 'not_held') return null;
    const token = this.nextClaimToken();
    const claim = { status: 'sending' as const, claimedBy: token, claimedAt: now, updatedAt: now };
    if (dbKind(this.deps.ds) === 'mysql') {
      return this.deps.ds.transaction(async (em) => {
        const row = await this.lockNextDue(em, now);
        if (!row) return null;
        const qb = em.createQueryBuilder().update(OutboxMessage).set(claim).where('id = :id', { id: row.id });
        if (fence) fence(qb);
        // The lease was lost since the check above: the locked row stays queued for the new holder.
        if (((await qb.execute()).affected ?? 0) === 0) return null;
        return Object.assign(row, claim);
      });
    }
    const candidates = await dueInClaimOrder(this.repo.createQueryBuilder('o'), this.account, now).select(['o.id']).limit(5).getMany();
    for (const c of candidates) {
      if (await this.transition(c.id, ['queued'], claim, undefined, fence || undefined)) {
        return this.repo.findOneByOrFail({ id: c.id });
      }
    }
    return null;
  }

  /**
   * The lease condition a claim carries in its own UPDATE: this instance holds the account under the
   * token it knows, and the row says so now. 'not_held' when it does not hold it; null without a lease.
   */
  private async fence(now: Date): Promise<((qb: WhereExpressionBuilder) => void) | 'not_held' | null> {
    const { lease } = this.deps;
    const account = this.account;
    if (!lease) return null;
    const token = await lease.confirm(account);
    if (token === null) return 'not_held';
    const q = (column: string) => this.deps.ds.driver.escape(column);
    return (qb) =>
      qb.andWhere(
        `EXISTS (SELECT 1 FROM ${q('chat_account_lease')} l WHERE l.${q('account')} = :leaseAccount AND l.${q('holder')} = :leaseHolder AND l.${q('token')} = :leaseToken AND l.${q('expiresAt')} > :leaseNow)`,
        { leaseAccount: account, leaseHolder: lease.instanceId, leaseToken: token, leaseNow: now },
      );
  }

  /**
   * MySQL: locks the next due row for the transaction of `em`, passing over rows other transactions
   * hold. The scan walks idx_outbox_claim in the claim's own order and stops at the first row it can
   * lock; a filesort would read, and lock, every due row, leaving nothing to a second dispatcher. The
   * index (idx_outbox_account_claim: account, then the claim's order) is named because for a handful of
   * due rows the optimizer would rather sort them.
   */
  lockNextDue(em: EntityManager, now: Date): Promise<OutboxMessage | null> {
    return this.claimQuery(em, now).getOne();
  }

  /** The claim's locking query (also what a test asks MySQL to EXPLAIN). */
  claimQuery(em: EntityManager, now: Date): SelectQueryBuilder<OutboxMessage> {
    return dueInClaimOrder(em.getRepository(OutboxMessage).createQueryBuilder('o').useIndex('idx_outbox_account_claim'), this.account, now)
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked');
  }

  /** Rows left in `sending` longer than `staleMs`: a crash interrupted them (oldest first, 200 at a time). */
  staleSending(now: Date, staleMs: number): Promise<OutboxMessage[]> {
    return this.repo
      .createQueryBuilder('o')
      .where('o.account = :account', { account: this.account })
      .andWhere('o.status = :s', { s: 'sending' })
      .andWhere('o.claimedAt <= :before', { before: new Date(now.getTime() - staleMs) })
      .orderBy('o.id', 'ASC')
      .limit(200)
      .getMany();
  }

  /** Conditional status change: only from the given statuses (and, if given, only the claimant's row). */
  async transition(
    id: number,
    from: OutboxStatus[],
    set: Partial<OutboxMessage>,
    claimedBy?: string | null,
    fence?: (qb: WhereExpressionBuilder) => void,
  ): Promise<boolean> {
    const qb = this.repo
      .createQueryBuilder()
      .update(OutboxMessage)
      .set(set)
      .where('id = :id', { id })
      .andWhere('status IN (:...from)', { from });
    if (claimedBy) qb.andWhere('claimedBy = :claimedBy', { claimedBy });
    if (fence) fence(qb);
    const r = await qb.execute();
    return (r.affected ?? 0) > 0;
  }

  /** Ends the claim of a row this dispatcher holds in `sending`. */
  finish(row: OutboxMessage, status: OutboxStatus, set: Partial<OutboxMessage>): Promise<boolean> {
    return this.transition(row.id, ['sending'], { status, ...set, updatedAt: this.deps.clock.now() }, row.claimedBy);
  }
}

/**
 * One account's queued rows that are due, most personal first, then the most valuable member (a day
 * that does not fit the ceiling is ordered on purpose, not by row id), then the oldest due, then the
 * oldest row (idx_outbox_account_claim's order after the account and status).
 */
function dueInClaimOrder(qb: SelectQueryBuilder<OutboxMessage>, account: string, now: Date): SelectQueryBuilder<OutboxMessage> {
  return qb
    .where('o.account = :account', { account })
    .andWhere('o.status = :queued', { queued: 'queued' })
    .andWhere('o.dueAt <= :now', { now })
    .orderBy('o.priority', 'ASC')
    .addOrderBy('o.valueRank', 'ASC')
    .addOrderBy('o.dueAt', 'ASC')
    .addOrderBy('o.id', 'ASC');
}
