import type { Config } from '../config';
import { inStoreWindow } from './store-day';
import type { Occasion } from './outbox.port';

/** Pure rules of delivery, kept apart from the database so they are unit-tested on their own. */

export interface DeliverySettings {
  timezone: string;
  quietStart: string;
  quietEnd: string;
  gapMinMs: number;
  gapMaxMs: number;
  dailyLimit: number;
  /** Each chat account's own daily ceiling (CHAT_ACCOUNTS); an account not listed has `dailyLimit`. */
  accountLimits?: Readonly<Record<string, number>>;
  memberCap: number;
  capWindowMs: number;
  maxAttempts: number;
  retryMs: number;
  staleMs: number;
  expireMs: number;
  runBudgetMs: number;
  /** The morning list's times are the care module's. */
  digestTime: string;
  cutoffTime: string;
}

export function deliverySettings(config: Readonly<Config>): DeliverySettings {
  // Their cross-variable rules (gap range, cut-off after the digest, the survey cron) are checked in loadConfig.
  return {
    timezone: config.STORE_TIMEZONE,
    quietStart: config.QUIET_HOURS_START,
    quietEnd: config.QUIET_HOURS_END,
    gapMinMs: config.OUTBOX_GAP_MIN_SECONDS * 1000,
    gapMaxMs: config.OUTBOX_GAP_MAX_SECONDS * 1000,
    dailyLimit: config.OUTBOX_DAILY_LIMIT,
    accountLimits: Object.fromEntries(config.chatAccounts.map((a) => [a.id, a.dailyLimit])),
    memberCap: config.OUTBOX_MEMBER_CAP,
    capWindowMs: config.OUTBOX_CAP_WINDOW_DAYS * 86_400_000,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    retryMs: config.OUTBOX_RETRY_MINUTES * 60_000,
    staleMs: config.OUTBOX_SENDING_STALE_SECONDS * 1000,
    expireMs: config.OUTBOX_EXPIRE_HOURS * 3_600_000,
    runBudgetMs: config.OUTBOX_RUN_SECONDS * 1000,
    digestTime: config.CARE_DIGEST_TIME,
    cutoffTime: config.CARE_CUTOFF_TIME,
  };
}

/** The wait after a send: the minimum gap plus random jitter, so the account never sends in a steady beat. */
export function nextGapMs(minMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.round(minMs + (maxMs - minMs) * random());
}

export function isQuiet(now: Date, s: Pick<DeliverySettings, 'timezone' | 'quietStart' | 'quietEnd'>): boolean {
  return inStoreWindow(now, s.timezone, s.quietStart, s.quietEnd);
}

/** "HH:MM" as a daily node-cron expression. */
export function dailyCron(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m} ${h} * * *`;
}

/** Complaint follow-ups are complaint handling: opt-out, the cap and earlier messages of the day never stop them. */
export function isExemptFromLimits(occasion: Occasion): boolean {
  return occasion === 'complaint_followup';
}

/** Rank of a row among the member's competing messages: more personal first, then the older row. */
export function outranks(a: { priority: number; id: number }, b: { priority: number; id: number }): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.id < b.id);
}

/** Cheerful greetings: never sent over an open complaint (a birthday only when an assistant approves it). */
export const CHEERFUL_OCCASIONS: readonly Occasion[] = ['festival', 'targeted_festival', 'season', 'long_time_no_see'];

/**
 * What a message held past its day may still do: festival and season greetings belong to their day
 * (sent later they would be untrue), a birthday is rewritten for the day it goes out (昨天是您的生日),
 * follow-ups, surveys and the rest are as true a day later.
 */
export function whenLate(occasion: Occasion): 'expire' | 'rewrite' | 'send' {
  if (occasion === 'festival' || occasion === 'targeted_festival' || occasion === 'season') return 'expire';
  if (occasion === 'birthday') return 'rewrite';
  return 'send';
}

/** Whether a text speaks of "today" (an assistant's own text can only be kept on a later day if it does not). */
export function saysToday(text: string): boolean {
  return /今天|今日|今儿/.test(text);
}
