import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../db/sql-dialect';
import { storeDateKey, storeDayBounds } from '../shared/store-time';
import { OutboxSender } from './outbox-sender.entity';
import { nextGapMs, type DeliverySettings } from './outbox-rules';

export type Slot = { free: true; sender: OutboxSender | null } | { free: false; until: Date; dailyLimit: boolean };

/**
 * Pacing of one sending account: a minimum gap with jitter between sends and a daily ceiling. The state
 * is a row taken by a conditional update, so several dispatchers never take the same slot.
 */
export class SenderThrottle {
  constructor(
    private readonly deps: {
      ds: DataSource;
      settings: DeliverySettings;
      account: string;
      random?: () => number;
    },
  ) {}

  async peek(now: Date): Promise<Slot> {
    const { settings } = this.deps;
    const sender = await this.deps.ds.getRepository(OutboxSender).findOneBy({ account: this.deps.account });
    if (!sender) return { free: true, sender: null };
    const today = storeDateKey(now, settings.timezone);
    if (sender.day === today && sender.sentToday >= settings.dailyLimit) {
      return { free: false, until: storeDayBounds(now, settings.timezone).end, dailyLimit: true };
    }
    if (sender.nextAt.getTime() > now.getTime()) return { free: false, until: sender.nextAt, dailyLimit: false };
    return { free: true, sender };
  }

  /**
   * Takes the account's next slot if it is still free (the gap has passed, the daily ceiling is not
   * reached): one conditional UPDATE, so of several dispatchers only as many as free slots win. With
   * pacing on, the first taker pushes `nextAt` past now and the others lose; with no gap, each gets one.
   */
  async take(now: Date, seen: OutboxSender | null): Promise<boolean> {
    const { settings, account } = this.deps;
    const repo = this.deps.ds.getRepository(OutboxSender);
    const today = storeDateKey(now, settings.timezone);
    const nextAt = new Date(now.getTime() + nextGapMs(settings.gapMinMs, settings.gapMaxMs, this.deps.random));
    if (!seen) {
      try {
        await repo.insert({ account, nextAt, day: today, sentToday: 1, version: 1, updatedAt: now });
        return true;
      } catch (err) {
        // Another dispatcher made the row first: take the slot from it like any other.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    const q = (column: string) => this.deps.ds.driver.escape(column);
    const r = await repo
      .createQueryBuilder()
      .update(OutboxSender)
      // sentToday before day: MySQL evaluates SET left to right with the values already assigned.
      .set({
        sentToday: () => `CASE WHEN ${q('day')} = :today THEN ${q('sentToday')} + 1 ELSE 1 END`,
        day: today,
        nextAt,
        version: () => `${q('version')} + 1`,
        updatedAt: now,
      })
      .where(`${q('account')} = :account AND ${q('nextAt')} <= :now`, { account, now })
      .andWhere(`(${q('day')} <> :today OR ${q('sentToday')} < :limit)`, { today, limit: settings.dailyLimit })
      .execute();
    return (r.affected ?? 0) > 0;
  }
}
