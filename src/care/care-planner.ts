import type { DataSource } from 'typeorm';
import { Member } from '../members/member.entity';
import { OutboxStore, type OutboxInsert } from '../outbox/outbox-store';
import type { Occasion } from '../outbox/outbox.port';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { storeDateKey, storeInstant } from '../shared/store-time';
import type { TemplateLibrary, TemplateVars } from '../shared/templates';
import { Staff } from '../staff/staff.entity';
import type { CareConfig, CareMode } from './care-config';
import {
  addDays,
  birthdayLabel,
  birthdayQueryFor,
  FESTIVALS,
  festivalsOn,
  parseYmd,
  SEASON_LABEL,
  seasonStartOn,
  TARGETED_FESTIVALS,
  type Audience,
} from './occasion-calendar';
import { compileVariants, type RenderFn } from './compiled-template';
import { pickVariant } from './variant-rotation';

/** The member columns planning reads (raw rows: no entity hydration for 200k members). */
interface MemberRow {
  id: number;
  name: string | null;
  nickname: string | null;
  assistantId: number | null;
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
interface Candidate {
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

export interface PlanSummary {
  /** Store-local day planned. */
  date: string;
  candidates: number;
  planned: number;
  /** Festivals, targeted festivals and the season term of the day, by label. */
  occasionsOfDay: string[];
  byOccasion: Partial<Record<Occasion, OccasionSummary>>;
  ms: number;
}

export interface CarePlannerDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  care: CareConfig;
  timezone: string;
  storeName: string;
}

const DAY_LOOKBACK_FOR_ROTATION = 400;
const AUDIENCE_WHERE: Record<Audience, string> = {
  women: "m.gender = 'female'",
  mothers: 'm.isMother = 1',
  fathers: 'm.isFather = 1',
  teachers: 'm.isTeacher = 1',
};
const MEMBER_COLUMNS = ['id', 'name', 'nickname', 'assistantId', 'birthdayCalendar', 'birthMonth', 'birthDay', 'birthLeapMonth', 'lastContactAt', 'lastPurchaseAt'] as const;
/** Plain SQL, the same on SQLite and MySQL (camelCase names need no quoting on either). */
const MEMBER_FIELDS = MEMBER_COLUMNS.map((c) => `m.${c} AS ${c}`).join(', ');

/**
 * The variant of the member's latest row of an occasion in [since, until), read alongside the member from
 * the covering index idx_outbox_member_occasion (one index probe per member, no separate query).
 */
const PREV_VARIANT =
  '(SELECT o.templateVariant FROM outbox_message o WHERE o.memberId = m.id AND o.occasion = ? AND o.occasionDate >= ? AND o.occasionDate < ? AND o.templateVariant IS NOT NULL ORDER BY o.occasionDate DESC LIMIT 1) AS prevVariant';

/** Where the previous variant is looked for: the same occasion, within about a year, or on last year's day. */
interface PrevSpec {
  occasion: Occasion;
  since: string;
  until: string;
}
const lookback = (occasion: Occasion, day: string): PrevSpec => ({ occasion, since: addDays(day, -DAY_LOOKBACK_FOR_ROTATION), until: day });
const onDay = (occasion: Occasion, day: string): PrevSpec => ({ occasion, since: day, until: addDays(day, 1) });
const memberSelect = (prev: PrevSpec) => ({ sql: `SELECT ${MEMBER_FIELDS}, ${PREV_VARIANT}`, params: [prev.occasion, prev.since, prev.until] });

/** A WHERE fragment with `?` placeholders and its values. */
interface SqlFilter {
  where: string;
  params: unknown[];
}

const placeholders = (n: number) => Array(n).fill('?').join(', ');

/**
 * The daily care planner: finds today's occasions, streams the members they apply to in id-keyset
 * batches (birthdays through the indexed birthday columns), renders a rotating template variant that
 * names the member and is signed by their assistant, and inserts the batch into the outbox as drafts for
 * the assistant's morning list. It only inserts rows: delivery, opt-out, caps and quiet hours are the
 * dispatcher's. Idempotent: the outbox key (member + occasion + day) makes a second run, or a second
 * instance, add nothing.
 */
export class CarePlanner {
  private readonly store: OutboxStore;
  /** Template variants compiled once (see compiled-template.ts). */
  private readonly compiled = new Map<string, RenderFn[]>();

  constructor(private readonly deps: CarePlannerDeps) {
    this.store = new OutboxStore(deps.ds, deps.clock);
  }

  /**
   * Plain SQL through the driver rather than the query builder: at 200k members the builder's work per
   * query is a visible share of a day's planning. Values are bound (`?`), never spliced in.
   */
  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.deps.ds.query(sql, params) as Promise<T[]>;
  }

  /** A datetime as the driver binds it (SQLite keeps UTC text, MySQL takes a Date). */
  private dateParam(d: Date): unknown {
    const column = this.deps.ds.getMetadata(Member).findColumnWithPropertyName('lastContactAt')!;
    return this.deps.ds.driver.preparePersistentValue(d, column);
  }

  /** Plans the store-local day of `now`. */
  planToday(now: Date = this.deps.clock.now()): Promise<PlanSummary> {
    return this.planDay(storeDateKey(now, this.deps.timezone));
  }

  async planDay(day: string): Promise<PlanSummary> {
    parseYmd(day);
    const started = Date.now();
    const staffNames = await this.staffNames();
    const summary: PlanSummary = { date: day, candidates: 0, planned: 0, occasionsOfDay: [], byOccasion: {}, ms: 0 };
    const o = this.deps.care.occasions;
    const track = async (occasion: Occasion, work: (add: (n: OccasionSummary) => void) => Promise<void>) => {
      const t0 = Date.now();
      const s: OccasionSummary = { candidates: 0, planned: 0, ms: 0 };
      await work((n) => {
        s.candidates += n.candidates;
        s.planned += n.planned;
      });
      s.ms = Date.now() - t0;
      summary.byOccasion[occasion] = s;
      summary.candidates += s.candidates;
      summary.planned += s.planned;
    };
    const plan = { day, staffNames };

    if (o.birthday.enabled) {
      await track('birthday', async (add) => {
        const birthdayOn = addDays(day, -o.birthday.offsetDays);
        const q = birthdayQueryFor(birthdayOn);
        // One pass over the birthday index: today's solar birthdays and today's lunar ones.
        const where: SqlFilter = {
          where: `(m.birthdayCalendar = 'solar' AND m.birthMonth = ? AND m.birthDay IN (${placeholders(q.solar.days.length)})) OR (m.birthdayCalendar = 'lunar' AND m.birthMonth = ? AND m.birthDay IN (${placeholders(q.lunar.days.length)}))`,
          params: [q.solar.month, ...q.solar.days, q.lunar.month, ...q.lunar.days],
        };
        await this.streamMembers(where, lookback('birthday', day), async (rows) => {
          const celebrating = rows.filter((r) => r.birthdayCalendar === 'solar' || q.lunar.leapOk(Boolean(Number(r.birthLeapMonth))));
          const cands = celebrating.map((m) => ({ member: m, vars: { birthday: birthdayLabel({ ...m, birthLeapMonth: Boolean(Number(m.birthLeapMonth)) }) } }));
          add(await this.insert(plan, 'birthday', 'care.birthday.variants', o.birthday, cands, { label: '生日' }));
        });
      });
    }

    if (o.festival.enabled) {
      const on = addDays(day, -o.festival.offsetDays);
      const [fest] = festivalsOn(FESTIVALS, on, o.festival.festivals);
      if (fest) {
        summary.occasionsOfDay.push(fest.label);
        const lastYear = addDays(fest.dateIn(parseYmd(on).year - 1), o.festival.offsetDays);
        await track('festival', (add) =>
          this.streamMembers(null, onDay('festival', lastYear), async (rows) => {
            const cands = rows.map((m) => ({ member: m, vars: { festival: fest.label } }));
            add(await this.insert(plan, 'festival', `care.festival.${fest.id}`, o.festival, cands, { label: fest.label, festival: fest.id }));
          }),
        );
      }
    }

    if (o.targeted_festival.enabled) {
      const on = addDays(day, -o.targeted_festival.offsetDays);
      const [fest] = festivalsOn(TARGETED_FESTIVALS, on, o.targeted_festival.festivals);
      if (fest) {
        summary.occasionsOfDay.push(fest.label);
        const lastYear = addDays(fest.dateIn(parseYmd(on).year - 1), o.targeted_festival.offsetDays);
        await track('targeted_festival', (add) =>
          this.streamMembers(
            { where: AUDIENCE_WHERE[fest.audience], params: [] },
            onDay('targeted_festival', lastYear),
            async (rows) => {
              const cands = rows.map((m) => ({ member: m, vars: { festival: fest.label } }));
              add(
                await this.insert(plan, 'targeted_festival', `care.targeted_festival.${fest.id}`, o.targeted_festival, cands, { label: fest.label, festival: fest.id }),
              );
            },
          ),
        );
      }
    }

    if (o.season.enabled) {
      const on = addDays(day, -o.season.offsetDays);
      const season = seasonStartOn(on);
      if (season) {
        summary.occasionsOfDay.push(season.term);
        const lastYear = addDays(sameTermLastYear(on, season.term), o.season.offsetDays);
        await track('season', (add) =>
          this.streamMembers(null, onDay('season', lastYear), async (rows) => {
            const cands = rows.map((m) => ({ member: m, vars: { term: season.term, season: SEASON_LABEL[season.season] } }));
            add(await this.insert(plan, 'season', `care.season.${season.season}`, o.season, cands, { label: season.term }));
          }),
        );
      }
    }

    if (o.long_time_no_see.enabled) {
      await track('long_time_no_see', (add) => this.planLongTimeNoSee(plan, add));
    }
    if (o.post_purchase.enabled) {
      await track('post_purchase', (add) => this.planAfterPurchase(plan, 'post_purchase', add));
    }
    if (o.first_purchase_followup.enabled) {
      await track('first_purchase_followup', (add) => this.planAfterPurchase(plan, 'first_purchase_followup', add));
    }

    summary.ms = Date.now() - started;
    this.deps.log.info({ job: 'care-plan', date: day, planned: summary.planned, candidates: summary.candidates, occasions: summary.occasionsOfDay, ms: summary.ms }, 'care planned');
    return summary;
  }

  // ------------------------------------------------------------ occasions with their own queries

  /**
   * No purchase and no chat for N days: the member's last activity (the later of last contact and last
   * purchase) fell N days ago — or up to catchUpDays more, if planning did not run that day — and no
   * long-time-no-see row was planned since that activity. One message per quiet spell.
   *
   * All in SQL, one query per batch: the latest activity is the last contact, or strictly the last
   * purchase (two disjoint passes, each walking the index of its column in (column, id) order, so only
   * the window's members are read, never the member table); "planned since the spell began" is an index
   * probe into the outbox, as is the previous variant.
   */
  private async planLongTimeNoSee(plan: PlanContext, add: (n: OccasionSummary) => void): Promise<void> {
    const cfg = this.deps.care.occasions.long_time_no_see;
    const tz = this.deps.timezone;
    const firstDay = addDays(plan.day, -cfg.days - cfg.catchUpDays);
    // Start instants of the window's store days: the store day of a member's last activity is a CASE
    // over them, no time-zone conversion per member.
    const days = Array.from({ length: cfg.catchUpDays + 2 }, (_, k) => {
      const key = addDays(firstDay, k);
      return { key, start: this.dateParam(storeInstant(key, '00:00', tz)) };
    });
    const from = days[0].start;
    const to = days[days.length - 1].start;
    const todayStart = storeInstant(plan.day, '00:00', tz).getTime();
    const batch = this.deps.care.batchSize;
    const select = memberSelect(lookback('long_time_no_see', plan.day));
    const passes = [
      { column: 'lastContactAt', other: 'lastPurchaseAt', cmp: '<=' },
      { column: 'lastPurchaseAt', other: 'lastContactAt', cmp: '<' },
    ] as const;
    for (const { column, other, cmp } of passes) {
      const activityDay = `CASE ${days
        .slice(1)
        .reverse()
        .map(() => `WHEN m.${column} >= ? THEN ?`)
        .join(' ')} ELSE ? END`;
      const activityDayParams = [
        ...days
          .slice(1)
          .reverse()
          .flatMap((d) => [d.start, d.key]),
        days[0].key,
      ];
      // Due unless a row was planned after the day of the member's last activity.
      const sql =
        `${select.sql} FROM member m WHERE m.${column} >= ? AND m.${column} < ? AND (m.${column} > ? OR m.id > ?)` +
        ` AND (m.${other} IS NULL OR m.${other} ${cmp} m.${column}) AND m.erasedAt IS NULL` +
        ` AND NOT EXISTS (SELECT 1 FROM outbox_message o WHERE o.memberId = m.id AND o.occasion = 'long_time_no_see' AND o.occasionDate > ${activityDay} AND o.occasionDate < ?)` +
        ` ORDER BY m.${column}, m.id LIMIT ${batch}`;
      let lo: unknown = from;
      let afterId = 0;
      for (;;) {
        const rows = await this.memberRows(sql, [...select.params, lo, to, lo, afterId, ...activityDayParams, plan.day]);
        if (!rows.length) break;
        const cands = rows.map((m) => ({ member: m, vars: { days: Math.floor((todayStart - lastActivity(m)) / 86_400_000) } }));
        add(await this.insert(plan, 'long_time_no_see', 'care.long_time_no_see.variants', cfg, cands, { label: '好久不见' }));
        if (rows.length < batch) break;
        const last = rows[rows.length - 1];
        lo = last[column];
        afterId = last.id;
      }
    }
  }

  /**
   * Follow-ups N days after a purchase (any purchase, or the member's first one): one per member per
   * purchase day. One query per batch reads the day's purchase lines with their member, member by member.
   */
  private async planAfterPurchase(plan: PlanContext, occasion: 'post_purchase' | 'first_purchase_followup', add: (n: OccasionSummary) => void): Promise<void> {
    const cfg = this.deps.care.occasions[occasion];
    const tz = this.deps.timezone;
    const purchaseDay = addDays(plan.day, -cfg.days);
    const window = [this.dateParam(storeInstant(purchaseDay, '00:00', tz)), this.dateParam(storeInstant(addDays(purchaseDay, 1), '00:00', tz))];
    const prev = memberSelect(lookback(occasion, plan.day));
    const select = `${prev.sql}, p.items AS items FROM purchase p JOIN member m ON m.id = p.memberId WHERE p.purchasedAt >= ? AND p.purchasedAt < ?${
      occasion === 'first_purchase_followup' ? ' AND p.isFirstPurchase = 1' : ''
    } AND m.erasedAt IS NULL`;
    const batch = this.deps.care.batchSize;
    const { month, day } = parseYmd(purchaseDay);
    let after = 0;
    for (;;) {
      let lines = await this.query<MemberRow & { items: string }>(`${select} AND p.memberId > ? ORDER BY p.memberId, p.id LIMIT ${batch}`, [...prev.params, ...window, after]);
      if (!lines.length) break;
      const full = lines.length === batch;
      if (full) {
        const lastId = Number(lines[lines.length - 1].id);
        // The last member's lines may go on past the batch: all of them when they fill it alone, else
        // they are left to the next batch.
        lines = Number(lines[0].id) === lastId ? await this.query(`${select} AND p.memberId = ? ORDER BY p.id`, [...prev.params, ...window, lastId]) : lines.filter((l) => Number(l.id) !== lastId);
      }
      const byMember = new Map<number, { member: MemberRow; items: string[] }>();
      for (const l of lines) {
        const id = Number(l.id);
        const g = byMember.get(id);
        if (g) g.items.push(l.items);
        else byMember.set(id, { member: { ...l, id }, items: [l.items] });
      }
      const cands = [...byMember.values()].map((g) => ({ member: g.member, vars: { items: itemsText(g.items), purchaseDate: `${month}月${day}日` } }));
      add(await this.insert(plan, occasion, `care.${occasion}.variants`, cfg, cands, { label: occasion === 'post_purchase' ? '购后回访' : '首购回访', purchaseDate: purchaseDay }));
      if (!full) break;
      after = cands[cands.length - 1].member.id;
    }
  }

  // ------------------------------------------------------------ building blocks

  private async memberRows(sql: string, params: unknown[]): Promise<MemberRow[]> {
    return (await this.query<MemberRow>(sql, params)).map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Members matching a filter, in id order, one batch at a time (memory stays flat whatever the member count). */
  private async streamMembers(filter: SqlFilter | null, prev: PrevSpec, onBatch: (rows: MemberRow[]) => Promise<void>): Promise<void> {
    const batch = this.deps.care.batchSize;
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

  private renderers(templateKey: string): RenderFn[] {
    let r = this.compiled.get(templateKey);
    if (!r) {
      r = compileVariants(this.deps.templates, templateKey);
      this.compiled.set(templateKey, r);
    }
    return r;
  }

  /**
   * Renders and inserts one batch. The variant differs from the one the member got for the previous
   * occurrence (read with the member, see PREV_VARIANT): for festivals and seasons last year's row of the
   * same festival, for the rest the member's latest row of the occasion within about a year.
   */
  private async insert(plan: PlanContext, occasion: Occasion, templateKey: string, cfg: { sendTime: string; mode: CareMode }, cands: Candidate[], meta: Record<string, unknown>): Promise<OccasionSummary> {
    if (!cands.length) return { candidates: 0, planned: 0, ms: 0 };
    const render = this.renderers(templateKey);
    const count = render.length;
    const dueAt = storeInstant(plan.day, cfg.sendTime, this.deps.timezone);
    const needsApproval = cfg.mode === 'approval-required';
    const items: OutboxInsert[] = cands.map((c) => {
      const prev = c.member.prevVariant;
      const variant = pickVariant({ count, seed: `${c.member.id}:${occasion}:${plan.day}`, previous: prev === null || prev === undefined ? undefined : Number(prev) });
      const text = render[variant]({ ...this.commonVars(c.member, plan.staffNames), ...c.vars });
      return {
        memberId: c.member.id,
        assistantId: c.member.assistantId === null ? null : Number(c.member.assistantId),
        occasion,
        occasionDate: plan.day,
        text,
        dueAt,
        draft: true,
        needsApproval,
        templateVariant: variant,
        meta,
      };
    });
    const planned = await this.store.insertMany(items);
    return { candidates: cands.length, planned, ms: 0 };
  }

  private commonVars(m: MemberRow, staffNames: Map<number, string>): TemplateVars {
    return {
      name: m.name || m.nickname || '亲',
      assistant: (m.assistantId !== null && staffNames.get(Number(m.assistantId))) || '店里的小助手',
      store: this.deps.storeName,
    };
  }

  private async staffNames(): Promise<Map<number, string>> {
    const rows = await this.deps.ds.getRepository(Staff).find({ select: { id: true, name: true, active: true } });
    return new Map(rows.filter((s) => s.active).map((s) => [s.id, s.name]));
  }
}

interface PlanContext {
  day: string;
  staffNames: Map<number, string>;
}

function toTime(v: Date | string | null): number {
  if (v === null || v === undefined) return -Infinity;
  if (v instanceof Date) return v.getTime();
  // SQLite raw rows carry datetimes as text in UTC ('YYYY-MM-DD HH:MM:SS.SSS').
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`).getTime();
}

function lastActivity(m: MemberRow): number {
  return Math.max(toTime(m.lastContactAt), toTime(m.lastPurchaseAt));
}

/** What was bought, short enough for a chat line: 羊毛大衣、围巾 等. */
function itemsText(items: string[]): string {
  const unique = [...new Set(items.map((i) => i.trim()).filter(Boolean))];
  if (!unique.length) return '商品';
  const joined = unique.slice(0, 2).join('、');
  const short = Array.from(joined).length > 20 ? `${Array.from(joined).slice(0, 18).join('')}…` : joined;
  return unique.length > 2 ? `${short}等` : short;
}

/** The date of the same solar term a year earlier (terms fall on nearly the same solar date each year). */
function sameTermLastYear(day: string, term: string): string {
  const d = parseYmd(day);
  const base = `${d.year - 1}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  for (const delta of [0, -1, 1, -2, 2]) {
    const k = addDays(base, delta);
    if (seasonStartOn(k)?.term === term) return k;
  }
  return base;
}
