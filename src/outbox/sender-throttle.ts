import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../db/sql-dialect';
import { storeDateKey, storeDayBounds } from '../shared/store-time';
import { OutboxSender } from './outbox-sender.entity';
import { nextGapMs, type DeliverySettings } from './outbox-rules';

export type Slot = { free: true; sender: OutboxSender | null } | { free: false; until: Date; dailyLimit: boolean };

/**
 * Pacing of one sending account: a minimum gap with jitter between sends and a daily ceiling. The state
 * is a row updated with a version check, so several dispatchers never take the same slot.
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

  /** Takes the account's next slot; false when another dispatcher changed the state since it was read. */
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
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    }
    const sentToday = seen.day === today ? seen.sentToday + 1 : 1;
    const r = await repo
      .createQueryBuilder()
      .update(OutboxSender)
      .set({ nextAt, day: today, sentToday, version: seen.version + 1, updatedAt: now })
      .where('account = :account AND version = :version', { account, version: seen.version })
      .execute();
    return (r.affected ?? 0) > 0;
  }
}
