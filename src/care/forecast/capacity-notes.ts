import type { DataSource } from 'typeorm';
import { CAPACITY_REASON, OutboxMessage, type Occasion } from '../../outbox';
import { storeDateKey } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { StaffService } from '../../staff';
import type { MorningTaskSource } from '../morning-list/morning-tasks';
import { addDays, parseYmd } from '../occasion-calendar';
import type { CareForecast } from './care-forecast';
import { helpFor, mainOverflow, warnsToday, type AccountDay } from './forecast-rules';

/** How far ahead the digest looks for days that do not fit (the farthest warning day, see WARN_DAYS_AHEAD). */
const LOOK_AHEAD_DAYS = 11;

/** "中秋节祝福", "生日祝福", "购后回访问候": what the missed messages were. */
function whatWasMissed(occasion: Occasion, label: string): string {
  const wishes: readonly Occasion[] = ['birthday', 'festival', 'targeted_festival'];
  return wishes.includes(occasion) ? `${label}祝福` : `${label}问候`;
}

/**
 * The managers' part of the morning digest about capacity: a day ahead that will not fit an account's
 * ceiling (ten, seven, three and one day before: the day, the occasion, the numbers and what would
 * help), and the messages that did not go out since the last digest because the ceiling was reached.
 * Added below the morning list like the other tasks, so no manager gets a second message.
 */
export class CapacityNotes implements MorningTaskSource {
  /** The digest asks for the staff and then for each one's lines: computed once per morning. */
  private last: { at: number; lines: string[] } | null = null;

  constructor(
    private readonly deps: {
      ds: DataSource;
      templates: TemplateLibrary;
      staff: StaffService;
      forecast: CareForecast;
      timezone: string;
      label: (occasion: Occasion, date: string) => string;
    },
  ) {}

  async staffWithTasks(now: Date): Promise<number[]> {
    if (!(await this.lines(now)).length) return [];
    return (await this.deps.staff.managers()).map((m) => m.id);
  }

  async morningLines(staffId: number, now: Date): Promise<string[]> {
    if (!(await this.deps.staff.managers()).some((m) => m.id === staffId)) return [];
    return this.lines(now);
  }

  /** The lines of this morning: warnings first (there is still time to act), then what was missed. */
  async lines(now: Date): Promise<string[]> {
    if (this.last && this.last.at === now.getTime()) return this.last.lines;
    const lines = [...(await this.warnings(now)), ...(await this.missed(now))];
    this.last = { at: now.getTime(), lines };
    return lines;
  }

  private async warnings(now: Date): Promise<string[]> {
    const today = storeDateKey(now, this.deps.timezone);
    const f = await this.deps.forecast.forecast(now, LOOK_AHEAD_DAYS, (date) => warnsToday(date, today));
    const out: string[] = [];
    for (const a of f.accounts) {
      for (const day of a.days) {
        if (day.fits) continue;
        out.push(this.warning(day, a.name, today));
      }
    }
    return out;
  }

  private warning(day: AccountDay, accountName: string, today: string): string {
    const t = this.deps.templates;
    const main = mainOverflow(day);
    const occasion = main ? whatWasMissed(main.occasion, main.label) : '问候';
    const { month, day: dom } = parseYmd(day.date);
    const ahead = Math.round((Date.parse(`${day.date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    const warn = t.render('care.capacity.warn', {
      date: `${month}月${dom}日`,
      ahead,
      account: accountName,
      total: day.total,
      ceiling: day.ceiling,
      overflow: day.overflow,
      occasion,
      unsent: main?.unsent ?? day.overflow,
    });
    return `${warn}\n${t.render('care.capacity.help', { more: Math.max(1, helpFor(day).moreAccounts), occasion })}`;
  }

  /** Messages ended for capacity since the last digest (a day ago), by occasion and day. */
  private async missed(now: Date): Promise<string[]> {
    const since = new Date(now.getTime() - 86_400_000);
    const rows = await this.deps.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .select('o.occasion', 'occasion')
      .addSelect('o.occasionDate', 'occasionDate')
      .addSelect('COUNT(*)', 'n')
      .where('o.status = :s AND o.reason = :r', { s: 'skipped', r: CAPACITY_REASON })
      .andWhere('o.updatedAt >= :since AND o.updatedAt < :now', { since, now })
      .groupBy('o.occasion')
      .addGroupBy('o.occasionDate')
      .orderBy('o.occasionDate', 'ASC')
      .addOrderBy('o.occasion', 'ASC')
      .getRawMany<{ occasion: Occasion; occasionDate: string; n: string | number }>();
    const yesterday = addDays(storeDateKey(now, this.deps.timezone), -1);
    return rows.map((r) => {
      const { month, day } = parseYmd(r.occasionDate);
      return this.deps.templates.render('care.capacity.missed', {
        when: r.occasionDate === yesterday ? '昨天' : `${month}月${day}日`,
        occasion: whatWasMissed(r.occasion, this.deps.label(r.occasion, r.occasionDate)),
        count: Number(r.n),
      });
    });
  }
}

/** Two task sources as one (loyalty's people to contact, then capacity notes). */
export function joinTaskSources(...sources: (MorningTaskSource | undefined)[]): MorningTaskSource {
  const list = sources.filter((s): s is MorningTaskSource => Boolean(s));
  return {
    async staffWithTasks(now) {
      const ids = new Set<number>();
      for (const s of list) for (const id of await s.staffWithTasks(now)) ids.add(id);
      return [...ids];
    },
    async morningLines(staffId, now) {
      const lines: string[] = [];
      for (const s of list) lines.push(...(await s.morningLines(staffId, now)));
      return lines;
    },
  };
}
