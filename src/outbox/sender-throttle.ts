import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../db/sql-dialect';
import { OutboxSender } from './outbox-sender.entity';
import { nextGapMs, type DeliverySettings } from './outbox-rules';
import { storeDay, storeDayKey } from './store-day';

export type Slot = { free: true; sender: OutboxSender | null } | { free: false; until: Date; dailyLimit: boolean };

/**
 * How many daily-ceiling slots a dispatcher takes at once when pacing is off. A crash loses the unused
 * ones for the day (the ceiling errs on the side of sending less), so the batch stays small.
 */
export const UNPACED_SLOT_BATCH = 10;

/**
 * Pacing of one sending account: a minimum gap with jitter between sends and a daily ceiling. The state
 * is a row taken by a conditional update, so several dispatchers never take the same slot. With pacing
 * on, every send takes its own slot (the gap is the point); with pacing off (no gap) only the ceiling
 * remains, and a dispatcher takes a few slots at once and hands back what it did not use, so parallel
 * dispatchers do not queue on the one row for every message.
 */
export class SenderThrottle {
  /** Ceiling slots this dispatcher has taken but not used yet (pacing off), for one store day. */
  private held: { day: string; count: number } | null = null;

  constructor(
    private readonly deps: {
      ds: DataSource;
      settings: DeliverySettings;
      account: string;
      random?: () => number;
    },
  ) {}

  private get paced(): boolean {
    return this.deps.settings.gapMaxMs > 0;
  }

  private heldToday(now: Date): number {
    return this.held && this.held.day === storeDayKey(now, this.deps.settings.timezone) ? this.held.count : 0;
  }

  async peek(now: Date): Promise<Slot> {
    if (this.heldToday(now) > 0) return { free: true, sender: null };
    const { settings } = this.deps;
    const sender = await this.deps.ds.getRepository(OutboxSender).findOneBy({ account: this.deps.account });
    if (!sender) return { free: true, sender: null };
    const today = storeDayKey(now, settings.timezone);
    if (sender.day === today && sender.sentToday >= settings.dailyLimit) {
      return { free: false, until: storeDay(now, settings.timezone).end, dailyLimit: true };
    }
    if (sender.nextAt.getTime() > now.getTime()) return { free: false, until: sender.nextAt, dailyLimit: false };
    return { free: true, sender };
  }

  /**
   * Takes the account's next slot if it is still free (the gap has passed, the daily ceiling is not
   * reached): one conditional UPDATE, so of several dispatchers only as many as free slots win. With
   * pacing on, the first taker pushes `nextAt` past now and the others lose; with pacing off, a slot
   * held from an earlier take is used first, else a batch is taken (or a single slot, if the ceiling
   * leaves less than a batch).
   */
  async take(now: Date, seen: OutboxSender | null): Promise<boolean> {
    const today = storeDayKey(now, this.deps.settings.timezone);
    if (this.heldToday(now) > 0) {
      this.held!.count -= 1;
      return true;
    }
    if (this.paced) return this.takeSlots(now, today, 1, !seen);
    const left = this.deps.settings.dailyLimit - (seen && seen.day === today ? seen.sentToday : 0);
    const batch = Math.max(1, Math.min(UNPACED_SLOT_BATCH, left));
    if (await this.takeSlots(now, today, batch, !seen)) {
      // Added, not set: a parallel run of this instance may have taken a batch meanwhile.
      this.held = { day: today, count: this.heldToday(now) + batch - 1 };
      return true;
    }
    // Another dispatcher took slots meanwhile and fewer than a batch may be left: one will do.
    return batch > 1 && (await this.takeSlots(now, today, 1, false));
  }

  /**
   * Hands back the slots taken but not used (pacing off), so another dispatcher or the next run may use
   * them; only those of the store day still counted on the row (a new day has started from zero).
   */
  async release(): Promise<void> {
    const held = this.held;
    this.held = null;
    if (!held || held.count === 0) return;
    const q = (column: string) => this.deps.ds.driver.escape(column);
    await this.deps.ds
      .getRepository(OutboxSender)
      .createQueryBuilder()
      .update(OutboxSender)
      .set({ sentToday: () => `${q('sentToday')} - :unused`, version: () => `${q('version')} + 1` })
      .setParameter('unused', held.count)
      .where(`${q('account')} = :account AND ${q('day')} = :day AND ${q('sentToday')} >= :unused`, { account: this.deps.account, day: held.day })
      .execute();
  }

  /** `count` slots at once, if the gap has passed and the ceiling leaves that many (`create`: no row was seen). */
  private async takeSlots(now: Date, today: string, count: number, create: boolean): Promise<boolean> {
    const { settings, account } = this.deps;
    const repo = this.deps.ds.getRepository(OutboxSender);
    const nextAt = new Date(now.getTime() + nextGapMs(settings.gapMinMs, settings.gapMaxMs, this.deps.random));
    if (create) {
      try {
        await repo.insert({ account, nextAt, day: today, sentToday: count, version: 1, updatedAt: now });
        return true;
      } catch (err) {
        // Another dispatcher made the row first: take the slots from it like any other.
        if (!isUniqueViolation(err)) throw err;
      }
    }
    const q = (column: string) => this.deps.ds.driver.escape(column);
    const r = await repo
      .createQueryBuilder()
      .update(OutboxSender)
      // sentToday before day: MySQL evaluates SET left to right with the values already assigned.
      .set({
        sentToday: () => `CASE WHEN ${q('day')} = :today THEN ${q('sentToday')} + :count ELSE :count END`,
        day: today,
        nextAt,
        version: () => `${q('version')} + 1`,
        updatedAt: now,
      })
      .where(`${q('account')} = :account AND ${q('nextAt')} <= :now`, { account, now })
      .andWhere(`(${q('day')} <> :today OR ${q('sentToday')} + :count <= :limit)`, { today, count, limit: settings.dailyLimit })
      .execute();
    return (r.affected ?? 0) > 0;
  }
}
