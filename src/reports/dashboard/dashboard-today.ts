import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { acknowledgeDueAt, answerDueAt, Complaint, OPEN_COMPLAINT_STATUSES, type DeadlineConfig } from '../../complaints';
import { Member } from '../../members';
import { OutboxMessage } from '../../outbox';
import { storeDayBounds } from '../../shared/store-time';
import type { Staff } from '../../staff';
import type { ContactReason, DashboardToday } from './dashboard.schema';

const DAY = 86_400_000;
const OPEN_COMPLAINTS_SHOWN = 50;
const PER_REASON = 10;
/** A regular is "at risk" this many days before they would turn dormant. */
const AT_RISK_DAYS = 14;
/** "Quiet": no message either way for this many days. */
const QUIET_DAYS = 30;

export interface DashboardTodayDeps {
  ds: DataSource;
  timezone: string;
  deadlines: DeadlineConfig;
  dormantDays: number;
}

const nameOf = (m: Member) => m.name ?? m.nickname ?? '';

/** An assistant sees their own; a manager the whole store. */
function scoped<T extends { assistantId: number | null }>(qb: SelectQueryBuilder<T>, alias: string, viewer: Staff): SelectQueryBuilder<T> {
  return viewer.role === 'assistant' ? qb.andWhere(`${alias}.assistantId = :viewer`, { viewer: viewer.id }) : qb;
}

/** The next deadline of an open ticket: acknowledge, else the first answer; none once answered. */
function nextDeadline(c: Complaint, cfg: DeadlineConfig): Date | null {
  if (!c.acknowledgedAt) return acknowledgeDueAt(c.createdAt, cfg);
  if (!c.firstAnsweredAt) return answerDueAt(c.createdAt, cfg);
  return null;
}

async function openComplaints(deps: DashboardTodayDeps, viewer: Staff, now: Date): Promise<DashboardToday['openComplaints']> {
  const qb = deps.ds.getRepository(Complaint).createQueryBuilder('c').where('c.status IN (:...open)', { open: [...OPEN_COMPLAINT_STATUSES] });
  // Oldest first: with fixed deadlines from filing, the oldest are the most urgent.
  const rows = await scoped(qb, 'c', viewer).orderBy('c.createdAt', 'ASC').addOrderBy('c.id', 'ASC').limit(500).getMany();
  const items = rows.map((c) => {
    const due = nextDeadline(c, deps.deadlines);
    return { c, due, overdue: due !== null && due.getTime() <= now.getTime() };
  });
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity));
  const shown = items.slice(0, OPEN_COMPLAINTS_SHOWN);
  const members = shown.length ? await deps.ds.getRepository(Member).findBy({ id: In([...new Set(shown.map((i) => i.c.memberId))]) }) : [];
  const byId = new Map(members.map((m) => [m.id, m]));
  return shown.map(({ c, due, overdue }) => {
    const m = byId.get(c.memberId);
    return {
      ticketNo: c.ticketNo,
      memberName: m && !m.erasedAt ? nameOf(m) : '',
      status: c.status as 'open' | 'in_progress',
      dueAt: due ? due.toISOString() : null,
      overdue,
    };
  });
}

async function draftsToApprove(deps: DashboardTodayDeps, viewer: Staff, now: Date): Promise<number> {
  const { end } = storeDayBounds(now, deps.timezone);
  const qb = deps.ds.getRepository(OutboxMessage).createQueryBuilder('o').where('o.status = :s', { s: 'draft' }).andWhere('o.dueAt < :end', { end });
  return scoped(qb, 'o', viewer).getCount();
}

async function membersToContact(deps: DashboardTodayDeps, viewer: Staff, now: Date): Promise<DashboardToday['membersToContact']> {
  const repo = deps.ds.getRepository(Member);
  const base = () => scoped(repo.createQueryBuilder('m').where('m.erasedAt IS NULL').andWhere('m.optedOut = :no', { no: false }), 'm', viewer);
  const quietSince = new Date(now.getTime() - QUIET_DAYS * DAY);
  const dormantAt = new Date(now.getTime() - deps.dormantDays * DAY);
  const lists: [ContactReason, Promise<Member[]>][] = [
    [
      'at_risk',
      base()
        .andWhere('m.lifecycle IN (:...buying)', { buying: ['regular', 'loyal'] })
        .andWhere('m.lastPurchaseAt >= :dormantAt AND m.lastPurchaseAt < :riskAt', { dormantAt, riskAt: new Date(dormantAt.getTime() + AT_RISK_DAYS * DAY) })
        .orderBy('m.lastPurchaseAt', 'ASC')
        .limit(PER_REASON)
        .getMany(),
    ],
    [
      'vip_quiet',
      base()
        .andWhere("m.tier <> 'none'")
        .andWhere('(m.lastContactAt IS NULL OR m.lastContactAt < :quietSince)', { quietSince })
        // Newest first, like the member list: ordering by lastContactAt would sort an assistant's whole book.
        .orderBy('m.id', 'DESC')
        .limit(PER_REASON)
        .getMany(),
    ],
    [
      'dormant',
      base()
        .andWhere('m.lifecycle = :dormant', { dormant: 'dormant' })
        .andWhere('(m.lastContactAt IS NULL OR m.lastContactAt < :quietSince)', { quietSince })
        .orderBy('m.id', 'DESC')
        .limit(PER_REASON)
        .getMany(),
    ],
  ];
  const seen = new Set<number>();
  const out: DashboardToday['membersToContact'] = [];
  for (const [reason, rows] of lists) {
    for (const m of await rows) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push({ memberId: m.id, code: m.code, name: nameOf(m), reason });
    }
  }
  return out;
}

/** The landing page's "today": open complaints with their deadlines, drafts waiting, members to contact. */
export async function dashboardToday(deps: DashboardTodayDeps, viewer: Staff, now: Date): Promise<DashboardToday> {
  const [complaints, drafts, contacts] = await Promise.all([openComplaints(deps, viewer, now), draftsToApprove(deps, viewer, now), membersToContact(deps, viewer, now)]);
  return { openComplaints: complaints, draftsToApprove: drafts, membersToContact: contacts };
}
