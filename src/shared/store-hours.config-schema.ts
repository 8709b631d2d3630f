import { z } from 'zod';

/**
 * STORE_HOURS: the store's opening hours per weekday, parsed for `src/config.ts`. No imports beyond zod,
 * so config can read it at start-up.
 *
 * `mon-fri 09:00-21:00,sat-sun 10:00-22:00`, `daily 09:00-21:00`, `sun closed`, `mon,wed 10:00-18:00`.
 * A day not named is closed; a day named twice is an error; 24:00 closes at midnight.
 */

/** Opening window of one weekday in minutes since store-local midnight; null when closed. */
export interface DayHours {
  open: number;
  close: number;
}

/** Index 0 = Sunday … 6 = Saturday, like Date#getDay. */
export type WeeklyHours = readonly (DayHours | null)[];

export const DEFAULT_STORE_HOURS = 'daily 09:00-21:00';

export const STORE_HOURS_HINT = 'expected weekday ranges with hours, e.g. mon-fri 09:00-21:00,sat-sun 10:00-22:00 (or daily 09:00-21:00; "sun closed")';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
// Weeks in China start on Monday: mon-sun is every day, fri-mon wraps over the weekend.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

type Day = (typeof DAYS)[number];
const isDay = (t: string): t is Day => (DAYS as readonly string[]).includes(t);

/** `mon`, `mon-fri`, `fri-mon` (wraps), `daily` → weekday indexes; null when not a day. */
function dayIndexes(token: string): number[] | null {
  if (token === 'daily') return [...WEEK_ORDER];
  const range = /^([a-z]{3})(?:-([a-z]{3}))?$/.exec(token);
  if (!range || !isDay(range[1]) || !isDay(range[2] ?? range[1])) return null;
  const from = WEEK_ORDER.indexOf(DAYS.indexOf(range[1] as Day));
  const to = WEEK_ORDER.indexOf(DAYS.indexOf((range[2] ?? range[1]) as Day));
  const out: number[] = [];
  for (let i = from; ; i = (i + 1) % 7) {
    out.push(WEEK_ORDER[i]);
    if (i === to) return out;
  }
}

function minuteOf(hhmm: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return null;
  const minute = Number(m[1]) * 60 + Number(m[2]);
  return minute <= 24 * 60 ? minute : null;
}

/** `mon-fri 09:00-21:00,sat-sun 10:00-22:00` → hours per weekday; null when malformed or no day is open. */
export function parseStoreHours(spec: string): WeeklyHours | null {
  const week: (DayHours | null | undefined)[] = new Array(7).fill(undefined);
  // Comma or semicolon separated; a part without hours (the `mon` of `mon,wed 10:00-18:00`) joins the next.
  let pendingDays: number[] = [];
  for (const part of spec.trim().toLowerCase().split(/\s*[,;]\s*/)) {
    const m = /^([a-z\-]+)(?:\s+(closed|\d{2}:\d{2}-\d{2}:\d{2}))?$/.exec(part);
    const days = m ? dayIndexes(m[1]) : null;
    if (!m || !days) return null;
    pendingDays.push(...days);
    if (!m[2]) continue;
    let hours: DayHours | null = null;
    if (m[2] !== 'closed') {
      const [open, close] = m[2].split('-').map(minuteOf);
      if (open === null || close === null || open >= close) return null;
      hours = { open, close };
    }
    for (const d of pendingDays) {
      if (week[d] !== undefined) return null;
      week[d] = hours;
    }
    pendingDays = [];
  }
  if (pendingDays.length) return null;
  const parsed = week.map((h) => h ?? null);
  return parsed.some((h) => h !== null) ? parsed : null;
}

/** The env variable as a zod schema (for `loadConfig`). */
export const storeHoursEnv = z
  .string()
  .refine((spec) => parseStoreHours(spec) !== null, STORE_HOURS_HINT)
  .default(DEFAULT_STORE_HOURS);
