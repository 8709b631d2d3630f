import type { DataSource } from 'typeorm';
import { openComplaintsOf } from '../complaints';
import { Member } from '../members';
import type { BelatedRow, MemberOutlook, OpenComplaintNote, UpcomingOccasion } from '../outbox';
import { storeDateKey, storeInstant } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import { Staff } from '../staff';
import type { CareConfig } from './care.config-schema';
import { addDays, birthdayLabel, FESTIVALS, isBirthdayOn, parseYmd, TARGETED_FESTIVALS, type Audience, type FestivalDef } from './occasion-calendar';

/** A birthday greeting held this many days past the day is still sent (rewritten); later it expires. */
export const BELATED_BIRTHDAY_DAYS = 2;

export interface CareOutlookDeps {
  ds: DataSource;
  templates: TemplateLibrary;
  care: CareConfig;
  timezone: string;
  storeName: string;
}

const AUDIENCE_OF: Record<Audience, (m: Member) => boolean> = {
  women: (m) => m.gender === 'female',
  mothers: (m) => m.isMother === true,
  fathers: (m) => m.isFather === true,
  teachers: (m) => m.isTeacher === true,
};

/**
 * What delivery needs to know of a member from care (the outbox's MemberOutlook): the occasions the
 * planner will raise for them ahead (birthday, festivals, targeted festivals, by the same calendar and
 * configuration), whether a complaint is open, and a birthday text rewritten for a later day.
 */
export class CareOutlook implements MemberOutlook {
  /** Festival dates by year (lunar dates cost a conversion each). */
  private readonly festivals = new YearCalendar(FESTIVALS);
  private readonly targeted = new YearCalendar(TARGETED_FESTIVALS);

  constructor(private readonly deps: CareOutlookDeps) {}

  async upcoming(memberId: number, from: Date, to: Date): Promise<UpcomingOccasion[]> {
    const m = await this.deps.ds.getRepository(Member).findOneBy({ id: memberId });
    if (!m || m.erasedAt || m.optedOut || to.getTime() <= from.getTime()) return [];
    const { occasions: o } = this.deps.care;
    const tz = this.deps.timezone;
    const out: UpcomingOccasion[] = [];
    const add = (occasion: UpcomingOccasion['occasion'], day: string, sendTime: string) => {
      const at = storeInstant(day, sendTime, tz);
      if (at.getTime() >= from.getTime() && at.getTime() < to.getTime()) out.push({ occasion, at });
    };
    const last = storeDateKey(new Date(to.getTime() - 1), tz);
    const birthday = { ...m, birthLeapMonth: Boolean(m.birthLeapMonth) };
    for (let day = storeDateKey(from, tz); day <= last; day = addDays(day, 1)) {
      if (o.birthday.enabled && isBirthdayOn(birthday, addDays(day, -o.birthday.offsetDays))) add('birthday', day, o.birthday.sendTime);
      if (o.festival.enabled && this.festivals.on(addDays(day, -o.festival.offsetDays)).some((f) => o.festival.festivals.includes(f.id))) {
        add('festival', day, o.festival.sendTime);
      }
      const targeted = this.targeted.on(addDays(day, -o.targeted_festival.offsetDays));
      if (o.targeted_festival.enabled && targeted.some((f) => o.targeted_festival.festivals.includes(f.id) && AUDIENCE_OF[f.audience](m))) {
        add('targeted_festival', day, o.targeted_festival.sendTime);
      }
    }
    return out;
  }

  async openComplaint(memberId: number): Promise<OpenComplaintNote | null> {
    const c = (await openComplaintsOf(this.deps.ds, [memberId])).get(memberId);
    return c ? { ticketNo: c.ticketNo, openedAt: c.openedAt } : null;
  }

  /** A birthday greeting for a later day: 昨天 / 前天 (within BELATED_BIRTHDAY_DAYS), naming the day as every birthday text does. */
  async belatedText(row: BelatedRow, sendDay: string): Promise<string | null> {
    if (row.occasion !== 'birthday') return null;
    const late = daysBetween(row.occasionDate, sendDay);
    if (late < 1 || late > BELATED_BIRTHDAY_DAYS) return null;
    const { ds, templates } = this.deps;
    const m = await ds.getRepository(Member).findOneBy({ id: row.memberId });
    if (!m || m.erasedAt || !m.birthdayCalendar || m.birthMonth === null || m.birthDay === null) return null;
    const assistant = m.assistantId === null ? null : await ds.getRepository(Staff).findOneBy({ id: m.assistantId });
    return templates.render(
      'care.belated_birthday.variants',
      {
        // The same names as the planner's texts.
        name: m.name || m.nickname || '亲',
        assistant: (assistant?.active && assistant.name) || '店里的小助手',
        store: this.deps.storeName,
        birthday: birthdayLabel({ ...m, birthLeapMonth: Boolean(m.birthLeapMonth) }),
        when: templates.render(late === 1 ? 'care.words.yesterday' : 'care.words.day_before_yesterday'),
      },
      row.templateVariant ?? 0,
    );
  }
}

/** The dates of a list of festivals, worked out once per year. */
class YearCalendar<F extends FestivalDef<string>> {
  private readonly years = new Map<number, Map<string, F[]>>();

  constructor(private readonly list: F[]) {}

  on(day: string): F[] {
    const year = parseYmd(day).year;
    let days = this.years.get(year);
    if (!days) {
      days = new Map();
      for (const f of this.list) {
        const d = f.dateIn(year);
        days.set(d, [...(days.get(d) ?? []), f]);
      }
      this.years.set(year, days);
    }
    return days.get(day) ?? [];
  }
}

function daysBetween(from: string, to: string): number {
  const a = parseYmd(from);
  const b = parseYmd(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
