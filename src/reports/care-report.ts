import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../outbox';
import { monthBounds } from '../shared/store-time';
import type { Staff, StaffService } from '../staff';
import { onTimeByOccasion, skipReasons, type OnTimeFigure } from './care-on-time';

export type FigureKind = 'greeting' | 'followup' | 'survey';

/** How a delivered message counts in the assistant's monthly figures. */
export function figureKind(occasion: string): FigureKind {
  if (occasion === 'post_purchase' || occasion === 'first_purchase_followup' || occasion === 'complaint_followup') return 'followup';
  if (occasion === 'satisfaction_survey') return 'survey';
  return 'greeting';
}

export interface AssistantCareFigures {
  assistantId: number | null;
  name: string;
  greetingsSent: number;
  followUpsDone: number;
  surveysSent: number;
  /** Rows due this month that ended skipped, failed, or are waiting for someone to check. */
  skipped: number;
  failed: number;
  check: number;
  byOccasion: Record<string, number>;
}

type Figures = Omit<AssistantCareFigures, 'assistantId' | 'name' | 'byOccasion'>;

/**
 * Monthly care figures per assistant: every delivered message counts for the member's assistant in
 * the month (store time) it was sent — greetings, follow-ups, surveys.
 */
export interface CareReportDeps {
  ds: DataSource;
  staff: StaffService;
  timezone: string;
}

export interface CareReport {
  month: string;
  assistants: AssistantCareFigures[];
  totals: Figures;
  /** Skipped rows due this month by reason (`capacity`: the account's daily ceiling was reached). */
  skipReasons: Record<string, number>;
  /** Per occasion: rows planned for the month's days so far, and how many went out on their day. */
  onTime: OnTimeFigure[];
}

/** `today` (store-local YYYY-MM-DD) ends the on-time range: days not begun yet have nothing to be late for. */
export async function careReport(deps: CareReportDeps, month: string, viewer: Staff, today?: string): Promise<CareReport> {
  const { start, end } = monthBounds(month, deps.timezone);
  const repo = deps.ds.getRepository(OutboxMessage);
  const sent = await repo
    .createQueryBuilder('o')
    .select('o.assistantId', 'assistantId')
    .addSelect('o.occasion', 'occasion')
    .addSelect('COUNT(*)', 'n')
    .where('o.status = :s', { s: 'sent' })
    .andWhere('o.sentAt >= :start AND o.sentAt < :end', { start, end })
    .groupBy('o.assistantId')
    .addGroupBy('o.occasion')
    .getRawMany<{ assistantId: number | null; occasion: string; n: string | number }>();
  const other = await repo
    .createQueryBuilder('o')
    .select('o.assistantId', 'assistantId')
    .addSelect('o.status', 'status')
    .addSelect('COUNT(*)', 'n')
    .where('o.status IN (:...st)', { st: ['skipped', 'failed', 'check'] })
    .andWhere('o.dueAt >= :start AND o.dueAt < :end', { start, end })
    .groupBy('o.assistantId')
    .addGroupBy('o.status')
    .getRawMany<{ assistantId: number | null; status: 'skipped' | 'failed' | 'check'; n: string | number }>();

  const rows = new Map<number | null, AssistantCareFigures>();
  const entry = (id: number | null, name = '') => {
    let e = rows.get(id);
    if (!e) {
      e = { assistantId: id, name, greetingsSent: 0, followUpsDone: 0, surveysSent: 0, skipped: 0, failed: 0, check: 0, byOccasion: {} };
      rows.set(id, e);
    }
    return e;
  };
  for (const a of await deps.staff.assistants()) entry(a.id, a.name);
  for (const r of sent) {
    const e = entry(r.assistantId === null ? null : Number(r.assistantId));
    const n = Number(r.n);
    e.byOccasion[r.occasion] = (e.byOccasion[r.occasion] ?? 0) + n;
    const kind = figureKind(r.occasion);
    if (kind === 'greeting') e.greetingsSent += n;
    else if (kind === 'followup') e.followUpsDone += n;
    else e.surveysSent += n;
  }
  for (const r of other) entry(r.assistantId === null ? null : Number(r.assistantId))[r.status] += Number(r.n);
  for (const e of rows.values()) {
    if (!e.name && e.assistantId !== null) e.name = (await deps.staff.repo.findOneBy({ id: e.assistantId }))?.name ?? '';
  }
  let list = [...rows.values()].sort((a, b) => (a.assistantId ?? Infinity) - (b.assistantId ?? Infinity));
  if (viewer.role === 'assistant') list = list.filter((e) => e.assistantId === viewer.id);
  const totals: Figures = { greetingsSent: 0, followUpsDone: 0, surveysSent: 0, skipped: 0, failed: 0, check: 0 };
  for (const e of list) for (const k of Object.keys(totals) as (keyof Figures)[]) totals[k] += e[k];
  const own = viewer.role === 'assistant' ? viewer.id : undefined;
  const monthEnd = nextMonthFirst(month);
  const last = today && today < monthEnd ? today : previousDay(monthEnd);
  const onTime = last >= `${month}-01` ? await onTimeByOccasion(deps.ds, deps.timezone, `${month}-01`, last, own) : [];
  return { month, assistants: list, totals, skipReasons: await skipReasons(deps.ds, start, end, own), onTime };
}

function nextMonthFirst(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
