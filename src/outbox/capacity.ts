import type { DataSource } from 'typeorm';
import { storeInstant } from '../shared/store-time';
import { OutboxMessage } from './outbox-message.entity';
import { whenLate, type DeliverySettings } from './outbox-rules';
import { OCCASION_PRIORITY, type Occasion } from './outbox.port';
import { storeDay, storeDayKey } from './store-day';

/**
 * Capacity is finite: an account sends at most its daily ceiling. A greeting that belongs to its day
 * (festival, targeted festival, season) and was still waiting when the day ended did not go out because
 * the ceiling was reached: it ends `skipped` with reason `capacity`, never carried to the next day and
 * never silently `expired`. Any other row that expires while its account was at its ceiling ends the
 * same way. Only a row that expired for another reason (the account offline, say) is `expired`.
 */
export const CAPACITY_REASON = 'capacity';

/** Occasions whose message is only true on its day (see whenLate). */
export const DAY_BOUND_OCCASIONS: readonly Occasion[] = OCCASION_PRIORITY.filter((o) => whenLate(o) === 'expire');

/** The daily ceiling of one account (its own, else OUTBOX_DAILY_LIMIT). */
export function ceilingOf(settings: Pick<DeliverySettings, 'dailyLimit' | 'accountLimits'>, account: string): number {
  return settings.accountLimits?.[account] ?? settings.dailyLimit;
}

/** Why a row that can no longer go out ends: the ceiling, if the account reached it while the row waited. */
export function endReason(atCeiling: boolean, otherwise: string): string {
  return atCeiling ? CAPACITY_REASON : otherwise;
}

/** Store days from `from` to `to` inclusive (YYYY-MM-DD), at most `max` of them, the latest kept. */
export function daysBetween(from: string, to: string, max = 14): string[] {
  const out: string[] = [];
  for (let d = to; d >= from && out.length < max; d = previousDay(d)) out.unshift(d);
  return out;
}

function previousDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** What the database says of an account's ceiling on past days, and the end of day-bound rows left over. */
export class CapacityLedger {
  constructor(private readonly deps: { ds: DataSource; settings: DeliverySettings }) {}

  private get repo() {
    return this.deps.ds.getRepository(OutboxMessage);
  }

  /** Whether the account sent (or may have sent: `check`) as many messages as its ceiling on that store day. */
  async reachedOn(account: string, day: string): Promise<boolean> {
    const tz = this.deps.settings.timezone;
    const start = storeInstant(day, '00:00', tz);
    const end = storeDay(new Date(start.getTime() + 3_600_000), tz).end;
    const n = await this.repo
      .createQueryBuilder('o')
      .where('o.account = :account', { account })
      .andWhere('((o.status = :sent AND o.sentAt >= :start AND o.sentAt < :end) OR (o.status = :check AND o.claimedAt >= :start AND o.claimedAt < :end))', {
        sent: 'sent',
        check: 'check',
        start,
        end,
      })
      .getCount();
    return n >= ceilingOf(this.deps.settings, account);
  }

  /** Whether the account was at its ceiling on any store day from `since` to `now`. */
  async reachedSince(account: string, since: Date, now: Date): Promise<boolean> {
    const tz = this.deps.settings.timezone;
    for (const day of daysBetween(storeDayKey(since, tz), storeDayKey(now, tz))) if (await this.reachedOn(account, day)) return true;
    return false;
  }

  /**
   * Ends the day-bound rows of past days still queued where their account reached its ceiling that
   * day: `capacity`, at once, even in quiet hours, so none of them waits for a morning claim. Rows of a
   * day that did not reach the ceiling are left to delivery's own judgement (member gone, opted out,
   * expired). One grouped query, one conditional update per account and day (a row a dispatcher
   * claimed meanwhile is left to it). Returns the counts by reason.
   */
  async endPastDays(now: Date, account?: string): Promise<Record<string, number>> {
    const tz = this.deps.settings.timezone;
    const today = storeDay(now, tz);
    const q = this.repo
      .createQueryBuilder('o')
      .select('o.account', 'account')
      .addSelect('o.occasionDate', 'occasionDate')
      .where('o.status = :queued', { queued: 'queued' })
      .andWhere('o.dueAt < :start', { start: today.start })
      .andWhere('o.occasion IN (:...occasions)', { occasions: DAY_BOUND_OCCASIONS })
      .andWhere('o.occasionDate < :today', { today: today.key });
    // A dispatcher ends only its own account's rows (one dispatcher per account).
    if (account !== undefined) q.andWhere('o.account = :account', { account });
    const groups = await q.groupBy('o.account').addGroupBy('o.occasionDate').getRawMany<{ account: string; occasionDate: string }>();
    const ended: Record<string, number> = {};
    for (const g of groups) {
      if (!(await this.reachedOn(g.account, g.occasionDate))) continue;
      const reason = CAPACITY_REASON;
      const r = await this.repo
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ status: 'skipped', reason, updatedAt: now })
        .where('status = :queued AND account = :account AND occasionDate = :day AND dueAt < :start', {
          queued: 'queued',
          account: g.account,
          day: g.occasionDate,
          start: today.start,
        })
        .andWhere('occasion IN (:...occasions)', { occasions: DAY_BOUND_OCCASIONS })
        .execute();
      ended[reason] = (ended[reason] ?? 0) + (r.affected ?? 0);
    }
    return ended;
  }
}
