import type { DataSource } from 'typeorm';
import { Member } from '../members';
import type { Occasion } from '../outbox';
import type { TemplateVars } from '../shared/templates';
import { addDays, type Audience } from './occasion-calendar';

/** The member columns planning reads (raw rows: no entity hydration for 200k members). */
export interface MemberRow {
  id: number;
  name: string | null;
  nickname: string | null;
  assistantId: number | null;
  /** The store account the member is friends with: their rows are sent from it. */
  chatAccount: string;
  birthdayCalendar: 'solar' | 'lunar' | null;
  birthMonth: number | null;
  birthDay: number | null;
  birthLeapMonth: boolean | number;
  lastContactAt: Date | string | null;
  lastPurchaseAt: Date | string | null;
  /** The variant of the member's previous row of the occasion (see PREV_VARIANT), if any. */
  prevVariant?: number | string | null;
}

/** One message to plan, before its variant is picked and its text rendered. */
export interface Candidate {
  member: MemberRow;
  vars: TemplateVars;
}

export interface OccasionSummary {
  /** Members the occasion applied to today. */
  candidates: number;
  /** Outbox rows this run created (a second run of the same day creates none). */
  planned: number;
  ms: number;
}

/** The day being planned, with the assistants' names that sign the messages. */
export interface PlanContext {
  day: string;
  staffNames: Map<number, string>;
}

const DAY_LOOKBACK_FOR_ROTATION = 400;
export const AUDIENCE_WHERE: Record<Audience, string> = {
  women: "m.gender = 'female'",
  mothers: 'm.isMother = 1',
  fathers: 'm.isFather = 1',
  teachers: 'm.isTeacher = 1',
};
const MEMBER_COLUMNS = ['id', 'name', 'nickname', 'assistantId', 'chatAccount', 'birthdayCalendar', 'birthMonth', 'birthDay', 'birthLeapMonth', 'lastContactAt', 'lastPurchaseAt'] as const;
/** Plain SQL, the same on SQLite and MySQL (camelCase names need no quoting on either). */
const MEMBER_FIELDS = MEMBER_COLUMNS.map((c) => `m.${c} AS ${c}`).join(', ');

/**
 * The variant of the member's latest row of an occasion in [since, until), read alongside the member from
 * the covering index idx_outbox_member_occasion (one index probe per member, no separate query).
 */
const PREV_VARIANT =
  '(SELECT o.templateVariant FROM outbox_message o WHERE o.memberId = m.id AND o.occasion = ? AND o.occasionDate >= ? AND o.occasionDate < ? AND o.templateVariant IS NOT NULL ORDER BY o.occasionDate DESC LIMIT 1) AS prevVariant';

/** Where the previous variant is looked for: the same occasion, within about a year, or on last year's day. */
export interface PrevSpec {
  occasion: Occasion;
  since: string;
  until: string;
}
export const lookback = (occasion: Occasion, day: string): PrevSpec => ({ occasion, since: addDays(day, -DAY_LOOKBACK_FOR_ROTATION), until: day });
export const onDay = (occasion: Occasion, day: string): PrevSpec => ({ occasion, since: day, until: addDays(day, 1) });
export const memberSelect = (prev: PrevSpec) => ({ sql: `SELECT ${MEMBER_FIELDS}, ${PREV_VARIANT}`, params: [prev.occasion, prev.since, prev.until] });

/** A WHERE fragment with `?` placeholders and its values. */
export interface SqlFilter {
  where: string;
  params: unknown[];
}

export const placeholders = (n: number) => Array(n).fill('?').join(', ');

/**
 * Reads planning's members with plain SQL through the driver rather than the query builder: at 200k
 * members the builder's work per query is a visible share of a day's planning. Values are bound (`?`),
 * never spliced in.
 */
export class PlannerSql {
  constructor(private readonly deps: { ds: DataSource; batchSize: number }) {}

  query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.deps.ds.query(sql, params) as Promise<T[]>;
  }

  /** A datetime as the driver binds it (SQLite keeps UTC text, MySQL takes a Date). */
  dateParam(d: Date): unknown {
    const column = this.deps.ds.getMetadata(Member).findColumnWithPropertyName('lastContactAt')!;
    return this.deps.ds.driver.preparePersistentValue(d, column);
  }

  async memberRows(sql: string, params: unknown[]): Promise<MemberRow[]> {
    return (await this.query<MemberRow>(sql, params)).map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Members matching a filter, in id order, one batch at a time (memory stays flat whatever the member count). */
  async streamMembers(filter: SqlFilter | null, prev: PrevSpec, onBatch: (rows: MemberRow[]) => Promise<void>): Promise<void> {
    const batch = this.deps.batchSize;
    const select = memberSelect(prev);
    const sql = `${select.sql} FROM member m WHERE m.erasedAt IS NULL${filter ? ` AND (${filter.where})` : ''} AND m.id > ? ORDER BY m.id LIMIT ${batch}`;
    let after = 0;
    for (;;) {
      const rows = await this.memberRows(sql, [...select.params, ...(filter?.params ?? []), after]);
      if (!rows.length) return;
      await onBatch(rows);
      if (rows.length < batch) return;
      after = rows[rows.length - 1].id;
    }
  }
}
