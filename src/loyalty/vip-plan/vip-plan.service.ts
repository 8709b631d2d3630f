import { In, IsNull, Not, type DataSource } from 'typeorm';
import type { PersonalTouches, PersonalTouchKind } from '../../chat';
import { Member, MemberService } from '../../members';
import { OutboxMessage } from '../../outbox';
import type { PurchaseService } from '../../purchases';
import type { Clock } from '../../shared/clock';
import { formatStoreTime, monthBounds, storeDateKey } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import { truncateChars } from '../../shared/text';
import type { AtRiskSource } from '../lifecycle/at-risk-source';
import { tierLabel } from '../lifecycle/member-facts';
import { MemberTouch } from './member-touch.entity';

export interface VipPlanSettings {
  /** Tiers with a visit plan (VIP_TIERS resolved). */
  vipTiers: readonly string[];
  /** Personal touches each VIP member should get per calendar month. */
  touchesPerMonth: number;
  timezone: string;
}

export interface VipPlanDeps {
  ds: DataSource;
  clock: Clock;
  templates: TemplateLibrary;
  purchases: Pick<PurchaseService, 'listForMember'>;
  atRisk: AtRiskSource;
  settings: VipPlanSettings;
}

export interface VisitPlanMember {
  memberId: number;
  code: string;
  name: string;
  tier: string;
  /** Personal touches this calendar month, and how many the plan asks for. */
  touches: number;
  planned: number;
}

export interface AtRiskTask {
  memberId: number;
  code: string;
  name: string;
  since: Date;
  lastPurchaseAt: Date | null;
  lastItems: string | null;
  /** A suggested reason to get in touch (the last purchase). */
  suggestion: string;
}

export interface VisitPlan {
  month: string;
  vip: VisitPlanMember[];
  atRisk: AtRiskTask[];
}

const SHOWN = { vip: 15, atRisk: 10 };

/**
 * The VIP visit plan (DOMAIN.md: VIP members hear from their assistant 1–2 times a month; the system
 * reminds, the assistant writes) and the at-risk tasks, both for the assistant's morning list. A touch is
 * any personal message that reached the member: a relay, a complaint reply (recorded here), or a greeting
 * an assistant approved (read from the outbox).
 */
export class VipPlanService implements PersonalTouches {
  constructor(private readonly deps: VipPlanDeps) {}

  async record(touch: { memberId: number; staffId: number; kind: PersonalTouchKind; at: Date }): Promise<void> {
    await this.deps.ds.getRepository(MemberTouch).insert({ memberId: touch.memberId, staffId: touch.staffId, kind: touch.kind, touchedAt: touch.at });
  }

  /** Personal touches per member in [from, to). */
  async touchCounts(memberIds: number[], from: Date, to: Date): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    if (!memberIds.length) return out;
    const add = (rows: { memberId: number | string; n: number | string }[]) => {
      for (const r of rows) out.set(Number(r.memberId), (out.get(Number(r.memberId)) ?? 0) + Number(r.n));
    };
    add(
      await this.deps.ds
        .getRepository(MemberTouch)
        .createQueryBuilder('t')
        .select('t.memberId', 'memberId')
        .addSelect('COUNT(*)', 'n')
        .where('t.memberId IN (:...ids) AND t.touchedAt >= :from AND t.touchedAt < :to', { ids: memberIds, from, to })
        .groupBy('t.memberId')
        .getRawMany(),
    );
    add(
      await this.approvedGreetings(memberIds)
        .andWhere('o.sentAt >= :from AND o.sentAt < :to', { from, to })
        .groupBy('o.memberId')
        .select('o.memberId', 'memberId')
        .addSelect('COUNT(*)', 'n')
        .getRawMany(),
    );
    return out;
  }

  /** Greetings an assistant approved or rewrote that went out: the assistant chose to send them. */
  private approvedGreetings(memberIds: number[]) {
    return this.deps.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .where('o.memberId IN (:...ids) AND o.status = :sent AND o.decidedBy IS NOT NULL', { ids: memberIds, sent: 'sent' });
  }

  /** The staff member's VIP members still short of this month's touches, and their at-risk high-value members not yet contacted. */
  async planFor(staffId: number, now: Date): Promise<VisitPlan> {
    const { ds, settings } = this.deps;
    const month = storeDateKey(now, settings.timezone).slice(0, 7);
    const bounds = monthBounds(month, settings.timezone);
    const vipMembers = settings.vipTiers.length
      ? await ds.getRepository(Member).find({
          where: { assistantId: staffId, tier: In([...settings.vipTiers]), erasedAt: IsNull(), lifecycle: Not('lost') },
          order: { id: 'ASC' },
          take: 1000,
        })
      : [];
    const counts = await this.touchCounts(vipMembers.map((m) => m.id), bounds.start, bounds.end);
    const vip = vipMembers
      .map((m) => ({ memberId: m.id, code: m.code, name: MemberService.displayName(m), tier: m.tier, touches: counts.get(m.id) ?? 0, planned: settings.touchesPerMonth }))
      .filter((v) => v.touches < v.planned);
    return { month, vip, atRisk: await this.atRiskTasks(staffId, now) };
  }

  private async atRiskTasks(staffId: number, now: Date): Promise<AtRiskTask[]> {
    const t = this.deps.templates;
    const found = await this.deps.atRisk.atRiskHighValue(staffId, now);
    if (!found.length) return [];
    const members = new Map((await this.deps.ds.getRepository(Member).findBy({ id: In(found.map((f) => f.memberId)) })).map((m) => [m.id, m]));
    const tasks: AtRiskTask[] = [];
    for (const f of found) {
      const m = members.get(f.memberId);
      if (!m || m.erasedAt || m.lifecycle === 'lost') continue;
      // A personal message since the member turned at-risk answers the task.
      if (((await this.touchCounts([m.id], f.since, new Date(now.getTime() + 1))).get(m.id) ?? 0) > 0) continue;
      const [last] = await this.deps.purchases.listForMember(m.id, { limit: 1 });
      const lastDate = last ? formatStoreTime(last.purchasedAt, this.deps.settings.timezone, 'M月D日') : null;
      const suggestion = last
        ? t.render('loyalty.visit_plan.suggest_last_purchase', { date: lastDate, items: truncateChars(last.items, 30) }, m.id)
        : t.render('loyalty.visit_plan.suggest_general');
      tasks.push({ memberId: m.id, code: m.code, name: MemberService.displayName(m), since: f.since, lastPurchaseAt: last?.purchasedAt ?? null, lastItems: last?.items ?? null, suggestion });
    }
    return tasks;
  }

  /** The lines the morning list adds for this staff member (none when nothing is due). */
  async morningLines(staffId: number, now: Date): Promise<string[]> {
    const t = this.deps.templates;
    const plan = await this.planFor(staffId, now);
    if (!plan.vip.length && !plan.atRisk.length) return [];
    const lines = [t.render('loyalty.visit_plan.header')];
    if (plan.atRisk.length) {
      lines.push(t.render('loyalty.visit_plan.at_risk_title', { count: plan.atRisk.length }));
      for (const a of plan.atRisk.slice(0, SHOWN.atRisk)) lines.push(t.render('loyalty.visit_plan.at_risk_item', { member: a.name, code: a.code, suggestion: a.suggestion }));
      if (plan.atRisk.length > SHOWN.atRisk) lines.push(t.render('loyalty.visit_plan.more', { rest: plan.atRisk.length - SHOWN.atRisk }));
    }
    if (plan.vip.length) {
      lines.push(t.render('loyalty.visit_plan.vip_title', { count: plan.vip.length, planned: this.deps.settings.touchesPerMonth }));
      for (const v of plan.vip.slice(0, SHOWN.vip)) {
        lines.push(t.render('loyalty.visit_plan.vip_item', { member: v.name, code: v.code, tier: tierLabel(t, v.tier), touches: v.touches, touched: v.touches > 0 }));
      }
      if (plan.vip.length > SHOWN.vip) lines.push(t.render('loyalty.visit_plan.more', { rest: plan.vip.length - SHOWN.vip }));
    }
    lines.push(t.render('loyalty.visit_plan.footer'));
    return lines;
  }

  /** Staff who look after a member with a tier: the only ones who can have VIP or at-risk tasks. */
  async staffWithTasks(): Promise<number[]> {
    const rows = await this.deps.ds
      .getRepository(Member)
      .createQueryBuilder('m')
      .select('DISTINCT m.assistantId', 'assistantId')
      .where('m.assistantId IS NOT NULL AND m.erasedAt IS NULL AND m.tier <> :none', { none: 'none' })
      .getRawMany<{ assistantId: number | string }>();
    return rows.map((r) => Number(r.assistantId));
  }
}
