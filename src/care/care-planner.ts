import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { Member } from '../members/member.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { outboxKey, OutboxStore, type OutboxInsert } from '../outbox/outbox-store';
import type { Occasion } from '../outbox/outbox.port';
import { Purchase } from '../purchases/purchase.entity';
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
  mothers: 'm.isMother = :yes',
  fathers: 'm.isFather = :yes',
  teachers: 'm.isTeacher = :yes',
};
const MEMBER_COLUMNS = ['id', 'name', 'nickname', 'assistantId', 'birthdayCalendar', 'birthMonth', 'birthDay', 'birthLeapMonth', 'lastContactAt', 'lastPurchaseAt'] as const;

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

  constructor(private readonly deps: CarePlannerDeps) {
    this.store = new OutboxStore(deps.ds, deps.clock);
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
        const where = (qb: SelectQueryBuilder<Member>) =>
          qb.andWhere(
            new Brackets((b) =>
              b
                .where('(m.birthdayCalendar = :sc AND m.birthMonth = :sm AND m.birthDay IN (:...sd))', { sc: 'solar', sm: q.solar.month, sd: q.solar.days })
                .orWhere('(m.birthdayCalendar = :lc AND m.birthMonth = :lm AND m.birthDay IN (:...ld))', { lc: 'lunar', lm: q.lunar.month, ld: q.lunar.days }),
            ),
          );
        await this.streamMembers(where, async (rows) => {
          const celebrating = rows.filter((r) => r.birthdayCalendar === 'solar' || q.lunar.leapOk(Boolean(Number(r.birthLeapMonth))));
          const cands = celebrating.map((m) => ({ member: m, vars: { birthday: birthdayLabel({ ...m, birthLeapMonth: Boolean(Number(m.birthLeapMonth)) }) } }));
          add(await this.insert(plan, 'birthday', 'care.birthday.variants', o.birthday, cands, { label: '生日' }, { lookback: true }));
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
          this.streamMembers(null, async (rows) => {
            const cands = rows.map((m) => ({ member: m, vars: { festival: fest.label } }));
            add(await this.insert(plan, 'festival', `care.festival.${fest.id}`, o.festival, cands, { label: fest.label, festival: fest.id }, { previousDay: lastYear }));
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
            (qb) => qb.andWhere(AUDIENCE_WHERE[fest.audience], { yes: true }),
            async (rows) => {
              const cands = rows.map((m) => ({ member: m, vars: { festival: fest.label } }));
              add(
                await this.insert(plan, 'targeted_festival', `care.targeted_festival.${fest.id}`, o.targeted_festival, cands, { label: fest.label, festival: fest.id }, { previousDay: lastYear }),
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
          this.streamMembers(null, async (rows) => {
            const cands = rows.map((m) => ({ member: m, vars: { term: season.term, season: SEASON_LABEL[season.season] } }));
            add(await this.insert(plan, 'season', `care.season.${season.season}`, o.season, cands, { label: season.term }, { previousDay: lastYear }));
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
   */
  private async planLongTimeNoSee(plan: PlanContext, add: (n: OccasionSummary) => void): Promise<void> {
    const cfg = this.deps.care.occasions.long_time_no_see;
    const tz = this.deps.timezone;
    const firstDay = addDays(plan.day, -cfg.days - cfg.catchUpDays);
    // Start instants of the window's store days, so a member's last-activity day is found without a
    // time-zone conversion per member.
    const days = Array.from({ length: cfg.catchUpDays + 2 }, (_, k) => {
      const key = addDays(firstDay, k);
      return { key, start: storeInstant(key, '00:00', tz).getTime() };
    });
    const from = days[0].start;
    const to = days[days.length - 1].start;
    const dayOf = (t: number) => days.reduce((found, d) => (t >= d.start ? d.key : found), days[0].key);
    const todayStart = storeInstant(plan.day, '00:00', tz).getTime();
    const seen = new Set<number>();
    for (const column of ['lastContactAt', 'lastPurchaseAt'] as const) {
      await this.streamMembers(
        (qb) => qb.andWhere(`m.${column} >= :from AND m.${column} < :to`, { from: new Date(from), to: new Date(to) }),
        async (rows) => {
          const quiet = rows.filter((m) => {
            if (seen.has(m.id)) return false;
            const last = lastActivity(m);
            return last >= from && last < to;
          });
          quiet.forEach((m) => seen.add(m.id));
          if (!quiet.length) return;
          // Planned since the spell began? Then this spell has had its message.
          const earlier = await this.deps.ds
            .getRepository(OutboxMessage)
            .createQueryBuilder('o')
            .select('o.memberId', 'memberId')
            .addSelect('MAX(o.occasionDate)', 'latest')
            .where('o.memberId IN (:...ids) AND o.occasion = :occ AND o.occasionDate >= :since AND o.occasionDate < :day', {
              ids: quiet.map((m) => m.id),
              occ: 'long_time_no_see',
              since: firstDay,
              day: plan.day,
            })
            .groupBy('o.memberId')
            .getRawMany<{ memberId: number; latest: string }>();
          const latest = new Map(earlier.map((e) => [Number(e.memberId), e.latest]));
          const due = quiet.filter((m) => {
            const planned = latest.get(m.id);
            return planned === undefined || planned <= dayOf(lastActivity(m));
          });
          const cands = due.map((m) => ({ member: m, vars: { days: Math.floor((todayStart - lastActivity(m)) / 86_400_000) } }));
          add(await this.insert(plan, 'long_time_no_see', 'care.long_time_no_see.variants', cfg, cands, { label: '好久不见' }, { lookback: true }));
        },
      );
    }
  }

  /** Follow-ups N days after a purchase (any purchase, or the member's first one): one per member per purchase day. */
  private async planAfterPurchase(plan: PlanContext, occasion: 'post_purchase' | 'first_purchase_followup', add: (n: OccasionSummary) => void): Promise<void> {
    const cfg = this.deps.care.occasions[occasion];
    const tz = this.deps.timezone;
    const purchaseDay = addDays(plan.day, -cfg.days);
    const from = storeInstant(purchaseDay, '00:00', tz);
    const to = storeInstant(addDays(purchaseDay, 1), '00:00', tz);
    const purchases = this.deps.ds.getRepository(Purchase);
    let afterMember = 0;
    for (;;) {
      const qb = purchases
        .createQueryBuilder('p')
        .select('DISTINCT p.memberId', 'memberId')
        .where('p.purchasedAt >= :from AND p.purchasedAt < :to AND p.memberId > :after', { from, to, after: afterMember })
        .orderBy('p.memberId', 'ASC')
        .limit(this.deps.care.batchSize);
      if (occasion === 'first_purchase_followup') qb.andWhere('p.isFirstPurchase = :yes', { yes: true });
      const ids = (await qb.getRawMany<{ memberId: number }>()).map((r) => Number(r.memberId));
      if (!ids.length) break;
      afterMember = ids[ids.length - 1];
      const [members, lines] = await Promise.all([
        this.memberQuery()
          .andWhere('m.id IN (:...ids)', { ids })
          .getRawMany<MemberRow>(),
        purchases
          .createQueryBuilder('p')
          .select(['p.memberId AS memberId', 'p.items AS items'])
          .where('p.memberId IN (:...ids) AND p.purchasedAt >= :from AND p.purchasedAt < :to', { ids, from, to })
          .andWhere(occasion === 'first_purchase_followup' ? 'p.isFirstPurchase = :yes' : '1 = 1', { yes: true })
          .orderBy('p.id', 'ASC')
          .getRawMany<{ memberId: number; items: string }>(),
      ]);
      const { month, day } = parseYmd(purchaseDay);
      const cands = members.map((m) => ({
        member: m,
        vars: { items: itemsText(lines.filter((l) => Number(l.memberId) === Number(m.id)).map((l) => l.items)), purchaseDate: `${month}月${day}日` },
      }));
      add(await this.insert(plan, occasion, `care.${occasion}.variants`, cfg, cands, { label: occasion === 'post_purchase' ? '购后回访' : '首购回访', purchaseDate: purchaseDay }, { lookback: true }));
    }
  }

  // ------------------------------------------------------------ building blocks

  private memberQuery(): SelectQueryBuilder<Member> {
    const qb = this.deps.ds.getRepository(Member).createQueryBuilder('m');
    qb.select(MEMBER_COLUMNS.map((c) => `m.${c} AS ${c}`));
    return qb.where('m.erasedAt IS NULL');
  }

  /** Members matching a filter, in id order, one batch at a time (memory stays flat whatever the member count). */
  private async streamMembers(filter: ((qb: SelectQueryBuilder<Member>) => unknown) | null, onBatch: (rows: MemberRow[]) => Promise<void>): Promise<void> {
    let after = 0;
    for (;;) {
      const qb = this.memberQuery().andWhere('m.id > :after', { after });
      if (filter) filter(qb);
      const rows = (await qb.orderBy('m.id', 'ASC').limit(this.deps.care.batchSize).getRawMany<MemberRow>()).map((r) => ({ ...r, id: Number(r.id) }));
      if (!rows.length) return;
      await onBatch(rows);
      if (rows.length < this.deps.care.batchSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * Renders and inserts one batch. The variant differs from the one the member got for the previous
   * occurrence: for festivals and seasons last year's row of the same festival (found by its key), for
   * the rest the member's latest row of the occasion within about a year.
   */
  private async insert(
    plan: PlanContext,
    occasion: Occasion,
    templateKey: string,
    cfg: { sendTime: string; mode: CareMode },
    cands: Candidate[],
    meta: Record<string, unknown>,
    previous: { previousDay?: string; lookback?: boolean },
  ): Promise<OccasionSummary> {
    if (!cands.length) return { candidates: 0, planned: 0, ms: 0 };
    const prev = await this.previousVariants(plan.day, occasion, cands.map((c) => c.member.id), previous);
    const count = this.deps.templates.variants(templateKey).length;
    const dueAt = storeInstant(plan.day, cfg.sendTime, this.deps.timezone);
    const items: OutboxInsert[] = cands.map((c) => {
      const variant = pickVariant({ count, seed: `${c.member.id}:${occasion}:${plan.day}`, previous: prev.get(c.member.id) });
      const text = this.deps.templates.render(templateKey, { ...this.commonVars(c.member, plan.staffNames), ...c.vars }, variant);
      return {
        memberId: c.member.id,
        assistantId: c.member.assistantId === null ? null : Number(c.member.assistantId),
        occasion,
        occasionDate: plan.day,
        text,
        dueAt,
        draft: true,
        needsApproval: cfg.mode === 'approval-required',
        templateVariant: variant,
        meta,
      };
    });
    const planned = await this.store.insertMany(items);
    return { candidates: cands.length, planned, ms: 0 };
  }

  private async previousVariants(day: string, occasion: Occasion, memberIds: number[], how: { previousDay?: string; lookback?: boolean }): Promise<Map<number, number>> {
    const repo = this.deps.ds.getRepository(OutboxMessage);
    const found = new Map<number, number>();
    if (how.previousDay) {
      const keys = memberIds.map((id) => outboxKey(id, occasion, how.previousDay!));
      const rows = await repo
        .createQueryBuilder('o')
        .select(['o.memberId AS memberId', 'o.templateVariant AS templateVariant'])
        .where('o.idempotencyKey IN (:...keys)', { keys })
        .getRawMany<{ memberId: number; templateVariant: number | null }>();
      for (const r of rows) if (r.templateVariant !== null) found.set(Number(r.memberId), Number(r.templateVariant));
      return found;
    }
    const rows = await repo
      .createQueryBuilder('o')
      .select(['o.memberId AS memberId', 'o.templateVariant AS templateVariant', 'o.occasionDate AS occasionDate'])
      .where('o.memberId IN (:...ids) AND o.occasion = :occasion AND o.occasionDate >= :since AND o.occasionDate < :day', {
        ids: memberIds,
        occasion,
        since: addDays(day, -DAY_LOOKBACK_FOR_ROTATION),
        day,
      })
      .orderBy('o.occasionDate', 'ASC')
      .getRawMany<{ memberId: number; templateVariant: number | null }>();
    // Latest wins: rows come oldest first.
    for (const r of rows) if (r.templateVariant !== null) found.set(Number(r.memberId), Number(r.templateVariant));
    return found;
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
