import type { DataSource } from 'typeorm';
import type { Occasion, OutboxEnqueue, OutboxPort } from '../outbox';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { storeDateKey, storeInstant } from '../shared/store-time';
import type { TemplateLibrary, TemplateVars } from '../shared/templates';
import { Staff } from '../staff';
import type { CareLevels } from './care-levels';
import type { CareConfig, CareMode } from './care.config-schema';
import { compileVariants, type RenderFn } from './compiled-template';
import { addDays, birthdayLabel, birthdayQueryFor, FESTIVALS, festivalsOn, parseYmd, SEASON_LABEL, seasonStartOn, TARGETED_FESTIVALS } from './occasion-calendar';
import { planAfterPurchase, planLongTimeNoSee, type AfterEventDeps } from './planner-after-event';
import {
  AUDIENCE_WHERE,
  lookback,
  onDay,
  placeholders,
  PlannerSql,
  type Candidate,
  type MemberRow,
  type OccasionSummary,
  type PlanContext,
  type SqlFilter,
} from './planner-sql';
import { pickVariant } from './variant-rotation';

export type { OccasionSummary } from './planner-sql';

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
  /** Where the drafts go: batched inserts, duplicates (same member + occasion + day) ignored. */
  outbox: OutboxPort;
  /** Members left out of some occasions (low-value: automated, low-frequency care only). */
  levels?: CareLevels;
}

/**
 * The daily care planner: finds today's occasions, streams the members they apply to in id-keyset
 * batches (birthdays through the indexed birthday columns), renders a rotating template variant that
 * names the member and is signed by their assistant, and inserts the batch into the outbox as drafts for
 * the assistant's morning list. It only inserts rows: delivery, opt-out, caps and quiet hours are the
 * dispatcher's. Idempotent: the outbox key (member + occasion + day) makes a second run, or a second
 * instance, add nothing.
 */
export class CarePlanner {
  private readonly sql: PlannerSql;
  private readonly afterEvent: AfterEventDeps;
  /** Template variants compiled once (see compiled-template.ts). */
  private readonly compiled = new Map<string, RenderFn[]>();

  constructor(private readonly deps: CarePlannerDeps) {
    this.sql = new PlannerSql({ ds: deps.ds, batchSize: deps.care.batchSize });
    this.afterEvent = { sql: this.sql, care: deps.care, timezone: deps.timezone, insert: (...args) => this.insert(...args) };
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
    const plan: PlanContext = { day, staffNames };

    if (o.birthday.enabled) {
      await track('birthday', async (add) => {
        const birthdayOn = addDays(day, -o.birthday.offsetDays);
        const q = birthdayQueryFor(birthdayOn);
        // One pass over the birthday index: today's solar birthdays and today's lunar ones.
        const where: SqlFilter = {
          where: `(m.birthdayCalendar = 'solar' AND m.birthMonth = ? AND m.birthDay IN (${placeholders(q.solar.days.length)})) OR (m.birthdayCalendar = 'lunar' AND m.birthMonth = ? AND m.birthDay IN (${placeholders(q.lunar.days.length)}))`,
          params: [q.solar.month, ...q.solar.days, q.lunar.month, ...q.lunar.days],
        };
        await this.sql.streamMembers(where, lookback('birthday', day), async (rows) => {
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
          this.sql.streamMembers(null, onDay('festival', lastYear), async (rows) => {
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
          this.sql.streamMembers(
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
          this.sql.streamMembers(null, onDay('season', lastYear), async (rows) => {
            const cands = rows.map((m) => ({ member: m, vars: { term: season.term, season: SEASON_LABEL[season.season] } }));
            add(await this.insert(plan, 'season', `care.season.${season.season}`, o.season, cands, { label: season.term }));
          }),
        );
      }
    }

    if (o.long_time_no_see.enabled) {
      await track('long_time_no_see', (add) => planLongTimeNoSee(this.afterEvent, plan, add));
    }
    if (o.post_purchase.enabled) {
      await track('post_purchase', (add) => planAfterPurchase(this.afterEvent, plan, 'post_purchase', add));
    }
    if (o.first_purchase_followup.enabled) {
      await track('first_purchase_followup', (add) => planAfterPurchase(this.afterEvent, plan, 'first_purchase_followup', add));
    }

    summary.ms = Date.now() - started;
    this.deps.log.info({ job: 'care-plan', date: day, planned: summary.planned, candidates: summary.candidates, occasions: summary.occasionsOfDay, ms: summary.ms }, 'care planned');
    return summary;
  }

  // ------------------------------------------------------------ building blocks

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
    if (this.deps.levels && cands.length) {
      const out = await this.deps.levels.leaveOut(occasion, cands.map((c) => c.member.id));
      if (out.size) cands = cands.filter((c) => !out.has(c.member.id));
    }
    if (!cands.length) return { candidates: 0, planned: 0, ms: 0 };
    const render = this.renderers(templateKey);
    const count = render.length;
    const dueAt = storeInstant(plan.day, cfg.sendTime, this.deps.timezone);
    const needsApproval = cfg.mode === 'approval-required';
    const items: OutboxEnqueue[] = cands.map((c) => {
      const prev = c.member.prevVariant;
      const variant = pickVariant({ count, seed: `${c.member.id}:${occasion}:${plan.day}`, previous: prev === null || prev === undefined ? undefined : Number(prev) });
      const text = render[variant]({ ...this.commonVars(c.member, plan.staffNames), ...c.vars });
      return {
        memberId: c.member.id,
        assistantId: c.member.assistantId === null ? null : Number(c.member.assistantId),
        account: c.member.chatAccount,
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
    const planned = await this.deps.outbox.enqueueMany(items);
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
