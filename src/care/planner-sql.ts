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
  /** 1 unless erased (see LIVE), where a query reads it. */
  live?: number | string;
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

/** Whether the member is still there (not erased): a column, so that id subqueries stay within their index. */
export const LIVE = 'CASE WHEN m.erasedAt IS NULL THEN 1 ELSE 0 END AS live';
export const isLive = (r: MemberRow) => Number(r.live) === 1;

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

  /**
   * Members matching a filter, in id order, one batch at a time (memory stays flat whatever the member
   * count). Each batch picks its ids first, in a subquery that the filter's index covers (the birthday
   * index holds the id), and only then reads those members' rows: a batch never reads the row of a
   * member a later batch will return (MariaDB otherwise fetches every matching row of the rest of the
   * day before sorting by id, batch after batch). Erased members come back flagged and are dropped here,
   * so the subquery needs nothing outside the index.
   */
  async streamMembers(filter: SqlFilter | null, prev: PrevSpec, onBatch: (rows: MemberRow[]) => Promise<void>): Promise<void> {
    const batch = this.deps.batchSize;
    const select = memberSelect(prev);
    const ids = `SELECT m.id FROM member m WHERE m.id > ?${filter ? ` AND (${filter.where})` : ''} ORDER BY m.id LIMIT ${batch}`;
    const sql = `${select.sql}, ${LIVE} FROM (${ids}) k JOIN member m ON m.id = k.id ORDER BY m.id`;
    let after = 0;
    for (;;) {
      const rows = await this.memberRows(sql, [...select.params, after, ...(filter?.params ?? [])]);
      if (!rows.length) return;
      const live = rows.filter(isLive);
      if (live.length) await onBatch(live);
      if (rows.length < batch) return;
      after = rows[rows.length - 1].id;
    }
  }
}
