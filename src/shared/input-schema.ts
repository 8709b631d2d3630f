import { z } from 'zod';

/**
 * The building blocks of every request schema (path, query and body): ids, whole numbers, dates and
 * texts are checked here once, so a route cannot take `0x10` for 16, 31 February for 3 March, or a NUL
 * that matches every row. Pure zod: module route files and src/http use them alike.
 */

/** Dates a request may name: far enough back for any record, far enough ahead for any plan. */
export const DATE_MIN = '2000-01-01';
export const DATE_MAX = '2100-12-31';
const YEAR_MIN = 2000;
const YEAR_MAX = 2100;
/** The largest id a column holds (INT on MariaDB). */
export const ID_MAX = 2_147_483_647;

/** C0 controls, DEL and C1 controls; line breaks and tabs are allowed only in multi-line text. */
const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** Text that may span lines: no control characters but line breaks and tabs (for whole files such as a CSV). */
export const MULTI_LINE_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/;

/** One line of text (names, labels, searches): no control characters, no line breaks. */
export function singleLine(max: number, opts: { min?: number; trim?: boolean } = {}) {
  return (opts.trim === false ? z.string() : z.string().trim())
    .min(opts.min ?? 1)
    .max(max)
    .regex(SINGLE_LINE, 'control characters and line breaks are not allowed');
}

/** Free text (a reply, a note, a description): line breaks and tabs allowed, other control characters not. */
export function multiLine(max: number, opts: { min?: number; trim?: boolean } = {}) {
  return (opts.trim === false ? z.string() : z.string().trim())
    .min(opts.min ?? 1)
    .max(max)
    .regex(MULTI_LINE_TEXT, 'control characters are not allowed');
}

/** A plain positive integer in a path or query (`16`, not `0x10`, `1.0`, ` 1` or `1e1`), as a number. */
export const plainId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'expected a plain positive integer id')
  .transform(Number)
  .pipe(z.number().int().positive().max(ID_MAX, 'no such id'));

/** A positive id in a JSON body (JSON numbers only: `"16"` is refused). */
export const bodyId = z.number().int().positive().max(ID_MAX, 'no such id');

/** A whole number in a query (`20`, not `2e1` or `0x14`), within bounds. */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,8})$/, 'expected a plain whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** `true` / `false` in a query. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A real calendar day between 2000-01-01 and 2100-12-31 (`2026-02-31` and `0000-01-01` are refused). */
export const dateKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => isCalendarDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))), 'not a calendar date')
  .refine((s) => s >= DATE_MIN && s <= DATE_MAX, `expected a date from ${DATE_MIN} to ${DATE_MAX}`)
  .meta({ format: 'date' });

/** A month `YYYY-MM` between 2000-01 and 2100-12. */
export const monthKey = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM')
  .refine((s) => Number(s.slice(0, 4)) >= YEAR_MIN && Number(s.slice(0, 4)) <= YEAR_MAX, `expected a month from ${YEAR_MIN}-01 to ${YEAR_MAX}-12`);

/** A quarter `YYYYQn` between 2000Q1 and 2100Q4. */
export const quarterKey = z
  .string()
  .regex(/^\d{4}Q[1-4]$/, 'expected e.g. 2026Q4')
  .refine((s) => Number(s.slice(0, 4)) >= YEAR_MIN && Number(s.slice(0, 4)) <= YEAR_MAX, `expected a quarter from ${YEAR_MIN}Q1 to ${YEAR_MAX}Q4`);

/** An instant with its offset (ISO 8601), on a real calendar day between 2000 and 2100. */
export const instant = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const t = Date.parse(s);
    return t >= Date.parse(`${DATE_MIN}T00:00:00+14:00`) && t <= Date.parse(`${DATE_MAX}T23:59:59.999-12:00`);
  }, `expected an instant from ${DATE_MIN} to ${DATE_MAX}`);
