import { OCCASION_PRIORITY, type Occasion } from '../../outbox';
import { addDays, birthdayQueryFor } from '../occasion-calendar';

/**
 * Pure rules of the capacity forecast: what a day's proactive messages add up to on one chat account,
 * whether they fit its daily ceiling, in which order they would go out (the more personal occasion
 * first, as delivery claims them) and when a manager hears about a day that does not fit.
 */

/** Messages of one occasion expected on an account's day. */
export interface OccasionCount {
  occasion: Occasion;
  /** What staff call it: 中秋节, 生日, 购后回访 … */
  label: string;
  count: number;
  /** `planned`: rows are in the outbox already; `estimate`: counted from members, purchases and the calendar. */
  source: 'planned' | 'estimate';
  /** Of `count`, how many would not go out that day at the ceiling (the occasions before it take their places first). */
  unsent: number;
}

export interface AccountDay {
  account: string;
  date: string;
  ceiling: number;
  total: number;
  fits: boolean;
  /** Messages beyond the ceiling (0 when it fits). */
  overflow: number;
  /** Most personal first: the order delivery claims them in. */
  occasions: OccasionCount[];
}

/** A count before the day is judged. */
export type Expected = Omit<OccasionCount, 'unsent'>;

/**
 * One account's day: an occasion that has rows in the outbox that day is counted from its rows (the
 * planner has run: they are the truth), the others from their estimates. At the ceiling the day's
 * places go to the occasions in delivery's order (OCCASION_PRIORITY); the rest is `unsent`.
 */
export function judgeDay(input: { account: string; date: string; ceiling: number; estimates: readonly Expected[]; planned: readonly Expected[] }): AccountDay {
  const byOccasion = new Map<Occasion, Expected>();
  for (const e of input.estimates) if (e.count > 0) byOccasion.set(e.occasion, add(byOccasion.get(e.occasion), e));
  const plannedNow = new Set(input.planned.filter((p) => p.count > 0).map((p) => p.occasion));
  for (const o of plannedNow) byOccasion.delete(o);
  for (const p of input.planned) if (p.count > 0) byOccasion.set(p.occasion, add(byOccasion.get(p.occasion), p));
  const ordered = [...byOccasion.values()].sort((a, b) => OCCASION_PRIORITY.indexOf(a.occasion) - OCCASION_PRIORITY.indexOf(b.occasion));
  let left = input.ceiling;
  const occasions = ordered.map((e) => {
    const goes = Math.min(left, e.count);
    left -= goes;
    return { ...e, unsent: e.count - goes };
  });
  const total = occasions.reduce((n, o) => n + o.count, 0);
  const overflow = Math.max(0, total - input.ceiling);
  return { account: input.account, date: input.date, ceiling: input.ceiling, total, fits: overflow === 0, overflow, occasions };
}

function add(a: Expected | undefined, b: Expected): Expected {
  return a ? { ...a, count: a.count + b.count } : { ...b };
}

/** Members grouped by account and stored birthday (one aggregate row per group). */
export interface BirthdayGroup {
  account: string;
  calendar: 'solar' | 'lunar';
  month: number;
  day: number;
  leap: boolean;
  n: number;
}

/** Birthdays celebrated on a store day, per account (solar and lunar, as the planner finds them). */
export function birthdaysOn(groups: readonly BirthdayGroup[], day: string): Map<string, number> {
  const q = birthdayQueryFor(day);
  const out = new Map<string, number>();
  for (const g of groups) {
    const on =
      g.calendar === 'solar'
        ? g.month === q.solar.month && q.solar.days.includes(g.day)
        : g.month === q.lunar.month && q.lunar.days.includes(g.day) && q.lunar.leapOk(g.leap);
    if (on) out.set(g.account, (out.get(g.account) ?? 0) + g.n);
  }
  return out;
}

/**
 * Days ahead on which a manager's morning digest names a day that does not fit: the first time ten
 * days ahead (at least seven, as DOMAIN.md asks: time to add an account or narrow the audience), again
 * a week ahead, then three days and one day before.
 */
export const WARN_DAYS_AHEAD: readonly number[] = [10, 7, 3, 1];

/** Whether today's digest warns about `date` (both store-local YYYY-MM-DD). */
export function warnsToday(date: string, today: string): boolean {
  for (const ahead of WARN_DAYS_AHEAD) if (addDays(today, ahead) === date) return true;
  return false;
}

/** What would make a day fit: how many accounts it needs in all, and how many more than the store has. */
export function helpFor(day: Pick<AccountDay, 'total' | 'ceiling' | 'overflow'>): { accountsNeeded: number; moreAccounts: number } {
  const accountsNeeded = Math.max(1, Math.ceil(day.total / Math.max(1, day.ceiling)));
  return { accountsNeeded, moreAccounts: accountsNeeded - 1 };
}

/** The day's biggest occasion that does not fit (the one a narrower audience or an earlier start would help). */
export function mainOverflow(day: AccountDay): OccasionCount | null {
  const short = day.occasions.filter((o) => o.unsent > 0);
  if (!short.length) return null;
  return short.reduce((a, b) => (b.unsent > a.unsent ? b : a));
}
