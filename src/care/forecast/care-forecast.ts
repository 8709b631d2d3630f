import type { DataSource } from 'typeorm';
import type { Occasion } from '../../outbox';
import { storeDateKey, storeInstant } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { CareConfig } from '../care.config-schema';
import { addDays, FESTIVALS, festivalsOn, seasonStartOn, TARGETED_FESTIVALS, type Audience } from '../occasion-calendar';
import { PlannerSql } from '../planner-sql';
import { birthdaysOn, judgeDay, type AccountDay, type BirthdayGroup, type Expected } from './forecast-rules';

/** A chat account as the forecast needs it: its id, its name for staff and its daily ceiling. */
export interface ForecastAccount {
  id: string;
  name: string;
  dailyLimit: number;
}

export interface CareForecastDeps {
  ds: DataSource;
  templates: TemplateLibrary;
  care: CareConfig;
  timezone: string;
  accounts: readonly ForecastAccount[];
}

export interface Forecast {
  from: string;
  days: number;
  accounts: { account: string; name: string; ceiling: number; days: AccountDay[] }[];
}

/** Members a proactive message can reach: not erased, not opted out, still friends with the account. */
const REACHABLE = "m.erasedAt IS NULL AND m.optedOut = 0 AND m.lifecycle <> 'lost'";
const LIVE_STATUSES = ['draft', 'queued', 'sending', 'sent', 'check'];
const AUDIENCE_SUM: Record<Audience, string> = {
  women: "SUM(CASE WHEN m.gender = 'female' THEN 1 ELSE 0 END)",
  mothers: 'SUM(CASE WHEN m.isMother = 1 THEN 1 ELSE 0 END)',
  fathers: 'SUM(CASE WHEN m.isFather = 1 THEN 1 ELSE 0 END)',
  teachers: 'SUM(CASE WHEN m.isTeacher = 1 THEN 1 ELSE 0 END)',
};

type AudienceRow = { account: string; everyone: number } & Record<Audience, number>;

/**
 * The proactive messages expected per chat account and store day for the next days, against each
 * account's ceiling. Only aggregate SQL (grouped by account, birthday, day), never a member list: a
 * store with 200k members costs a handful of grouped scans. Festivals, targeted festivals and the
 * season come from the care calendar × the account's reachable members; birthdays from the members'
 * stored birthdays (solar and lunar); purchase follow-ups from purchases already made; long time no
 * see from the members' last activity; whatever is in the outbox for a day already (drafts, queued
 * surveys, …) replaces the estimate of its occasion.
 */
export class CareForecast {
  private readonly sql: PlannerSql;

  constructor(private readonly deps: CareForecastDeps) {
    this.sql = new PlannerSql({ ds: deps.ds, batchSize: deps.care.batchSize });
  }

  /** `only`: just these days of the horizon (the digest asks for the days it may warn about). */
  async forecast(now: Date, days: number, only?: (date: string) => boolean): Promise<Forecast> {
    const from = storeDateKey(now, this.deps.timezone);
    const dates = Array.from({ length: days }, (_, i) => addDays(from, i)).filter((d) => !only || only(d));
    if (!dates.length) return { from, days, accounts: [] };
    const audience = await this.audiences();
    const birthdays = await this.birthdayGroups();
    const planned = await this.plannedRows(from, dates[dates.length - 1]);
    const followUps = await this.followUps(from, dates);
    const quiet = await this.longTimeNoSee(from, dates);
    const accounts = this.accountsWith(audience);
    return {
      from,
      days,
      accounts: accounts.map((a) => {
        const counts = audience.get(a.id);
        return {
          account: a.id,
          name: a.name,
          ceiling: a.dailyLimit,
          days: dates.map((date) => {
            const estimates: Expected[] = [...this.calendarEstimates(date, counts), ...(followUps.get(`${a.id}|${date}`) ?? []), ...(quiet.get(`${a.id}|${date}`) ?? [])];
            const born = birthdaysOn(birthdays, addDays(date, -this.deps.care.occasions.birthday.offsetDays)).get(a.id) ?? 0;
            if (this.deps.care.occasions.birthday.enabled && born) estimates.push({ occasion: 'birthday', label: this.label('birthday', date), count: born, source: 'estimate' });
            return judgeDay({ account: a.id, date, ceiling: a.dailyLimit, estimates, planned: planned.get(`${a.id}|${date}`) ?? [] });
          }),
        };
      }),
    };
  }

  /** The configured accounts, and any account members still belong to that is no longer configured (at the default ceiling). */
  private accountsWith(audience: Map<string, AudienceRow>): ForecastAccount[] {
    const list = [...this.deps.accounts];
    const fallback = list[0]?.dailyLimit ?? 0;
    for (const id of audience.keys()) if (!list.some((a) => a.id === id)) list.push({ id, name: id, dailyLimit: fallback });
    return list;
  }

  /** Festival, targeted festival and season messages of a day, from the calendar and the account's audiences. */
  private calendarEstimates(date: string, counts: AudienceRow | undefined): Expected[] {
    if (!counts) return [];
    const o = this.deps.care.occasions;
    const out: Expected[] = [];
    if (o.festival.enabled) {
      for (const f of festivalsOn(FESTIVALS, addDays(date, -o.festival.offsetDays), o.festival.festivals).slice(0, 1)) {
        out.push({ occasion: 'festival', label: f.label, count: counts.everyone, source: 'estimate' });
      }
    }
    if (o.targeted_festival.enabled) {
      for (const f of festivalsOn(TARGETED_FESTIVALS, addDays(date, -o.targeted_festival.offsetDays), o.targeted_festival.festivals).slice(0, 1)) {
        out.push({ occasion: 'targeted_festival', label: f.label, count: counts[f.audience], source: 'estimate' });
      }
    }
    if (o.season.enabled) {
      const season = seasonStartOn(addDays(date, -o.season.offsetDays));
      if (season) out.push({ occasion: 'season', label: season.term, count: counts.everyone, source: 'estimate' });
    }
    return out;
  }

  /** The occasion in words: the calendar's name for a day's festival or season, else the occasion's name. */
  label(occasion: Occasion, date: string): string {
    const o = this.deps.care.occasions;
    if (occasion === 'festival') {
      const [f] = festivalsOn(FESTIVALS, addDays(date, -o.festival.offsetDays), o.festival.festivals);
      if (f) return f.label;
    }
    if (occasion === 'targeted_festival') {
      const [f] = festivalsOn(TARGETED_FESTIVALS, addDays(date, -o.targeted_festival.offsetDays), o.targeted_festival.festivals);
      if (f) return f.label;
    }
    if (occasion === 'season') {
      const s = seasonStartOn(addDays(date, -o.season.offsetDays));
      if (s) return s.term;
    }
    const key = `outbox.occasion.${occasion}`;
    return this.deps.templates.has(key) ? this.deps.templates.render(key) : occasion;
  }

  private async audiences(): Promise<Map<string, AudienceRow>> {
    const sums = (Object.keys(AUDIENCE_SUM) as Audience[]).map((k) => `${AUDIENCE_SUM[k]} AS ${k}`).join(', ');
    const rows = await this.sql.query<Record<string, string | number>>(`SELECT m.chatAccount AS account, COUNT(*) AS everyone, ${sums} FROM member m WHERE ${REACHABLE} GROUP BY m.chatAccount`, []);
    return new Map(
      rows.map((r) => [
        String(r.account),
        { account: String(r.account), everyone: Number(r.everyone), women: Number(r.women ?? 0), mothers: Number(r.mothers ?? 0), fathers: Number(r.fathers ?? 0), teachers: Number(r.teachers ?? 0) },
      ]),
    );
  }

  private async birthdayGroups(): Promise<BirthdayGroup[]> {
    const rows = await this.sql.query<{ account: string; calendar: 'solar' | 'lunar'; month: number; day: number; leap: number | boolean; n: number }>(
      `SELECT m.chatAccount AS account, m.birthdayCalendar AS calendar, m.birthMonth AS month, m.birthDay AS day, m.birthLeapMonth AS leap, COUNT(*) AS n FROM member m` +
        ` WHERE ${REACHABLE} AND m.birthdayCalendar IS NOT NULL AND m.birthMonth IS NOT NULL AND m.birthDay IS NOT NULL` +
        ` GROUP BY m.chatAccount, m.birthdayCalendar, m.birthMonth, m.birthDay, m.birthLeapMonth`,
      [],
    );
    return rows.map((r) => ({ account: String(r.account), calendar: r.calendar, month: Number(r.month), day: Number(r.day), leap: Boolean(Number(r.leap)), n: Number(r.n) }));
  }

  /** Rows in the outbox for the days ahead (drafts, queued, already sent today), by account, occasion and day. */
  private async plannedRows(from: string, to: string): Promise<Map<string, Expected[]>> {
    // Through idx_outbox_status_due: a day's rows are due from the day before at the earliest (offset -1).
    const dueFrom = this.sql.dateParam(storeInstant(addDays(from, -8), '00:00', this.deps.timezone));
    const rows = await this.sql.query<{ account: string; occasion: Occasion; occasionDate: string; n: number }>(
      `SELECT o.account AS account, o.occasion AS occasion, o.occasionDate AS occasionDate, COUNT(*) AS n FROM outbox_message o` +
        ` WHERE o.status IN (${LIVE_STATUSES.map(() => '?').join(', ')}) AND o.dueAt >= ? AND o.occasionDate >= ? AND o.occasionDate <= ?` +
        ` GROUP BY o.account, o.occasion, o.occasionDate`,
      [...LIVE_STATUSES, dueFrom, from, to],
    );
    return this.byAccountDay(rows.map((r) => ({ key: `${r.account}|${r.occasionDate}`, e: { occasion: r.occasion, label: this.label(r.occasion, r.occasionDate), count: Number(r.n), source: 'planned' } })));
  }

  /** Purchase follow-ups of the days ahead whose purchase was made already (today or before). */
  private async followUps(today: string, dates: string[]): Promise<Map<string, Expected[]>> {
    const out: { key: string; e: Expected }[] = [];
    for (const occasion of ['post_purchase', 'first_purchase_followup'] as const) {
      const cfg = this.deps.care.occasions[occasion];
      if (!cfg.enabled) continue;
      for (const date of dates) {
        const purchaseDay = addDays(date, -cfg.days);
        if (purchaseDay > today) break;
        const start = this.sql.dateParam(storeInstant(purchaseDay, '00:00', this.deps.timezone));
        const end = this.sql.dateParam(storeInstant(addDays(purchaseDay, 1), '00:00', this.deps.timezone));
        const rows = await this.sql.query<{ account: string; n: number }>(
          `SELECT m.chatAccount AS account, COUNT(DISTINCT p.memberId) AS n FROM purchase p JOIN member m ON m.id = p.memberId` +
            ` WHERE p.purchasedAt >= ? AND p.purchasedAt < ? AND p.amountFen >= 0${occasion === 'first_purchase_followup' ? ' AND p.isFirstPurchase = 1' : ''} AND ${REACHABLE}` +
            ` GROUP BY m.chatAccount`,
          [start, end],
        );
        for (const r of rows) out.push({ key: `${r.account}|${date}`, e: { occasion, label: this.label(occasion, date), count: Number(r.n), source: 'estimate' } });
      }
    }
    return this.byAccountDay(out);
  }

  /**
   * Long time no see of the days ahead: members whose last activity (the later of last contact and last
   * purchase) fell N days before, in one grouped query (the activity's day is a CASE over day bounds).
   */
  private async longTimeNoSee(today: string, dates: string[]): Promise<Map<string, Expected[]>> {
    const cfg = this.deps.care.occasions.long_time_no_see;
    if (!cfg.enabled) return new Map();
    const activityDays = dates.map((d) => addDays(d, -cfg.days)).filter((d) => d <= today);
    if (!activityDays.length) return new Map();
    const start = (d: string) => this.sql.dateParam(storeInstant(d, '00:00', this.deps.timezone));
    const act = "CASE WHEN m.lastPurchaseAt IS NOT NULL AND (m.lastContactAt IS NULL OR m.lastPurchaseAt > m.lastContactAt) THEN m.lastPurchaseAt ELSE m.lastContactAt END";
    // Each asked-for day by both bounds: the days need not be consecutive (the digest asks for a few).
    const dayCase = `CASE ${activityDays.map(() => `WHEN ${act} >= ? AND ${act} < ? THEN ?`).join(' ')} END`;
    const rows = await this.sql.query<{ account: string; day: string; n: number }>(
      `SELECT t.account AS account, t.day AS day, COUNT(*) AS n FROM (SELECT m.chatAccount AS account, ${dayCase} AS day FROM member m` +
        ` WHERE ${REACHABLE} AND ${act} >= ? AND ${act} < ?) t WHERE t.day IS NOT NULL GROUP BY t.account, t.day`,
      [...activityDays.flatMap((d) => [start(d), start(addDays(d, 1)), d]), start(activityDays[0]), start(addDays(activityDays[activityDays.length - 1], 1))],
    );
    return this.byAccountDay(
      rows.map((r) => {
        const date = addDays(String(r.day), cfg.days);
        return { key: `${r.account}|${date}`, e: { occasion: 'long_time_no_see' as const, label: this.label('long_time_no_see', date), count: Number(r.n), source: 'estimate' as const } };
      }),
    );
  }

  private byAccountDay(items: { key: string; e: Expected }[]): Map<string, Expected[]> {
    const out = new Map<string, Expected[]>();
    for (const { key, e } of items) out.set(key, [...(out.get(key) ?? []), e]);
    return out;
  }
}
