import { In, IsNull, type DataSource } from 'typeorm';
import { Member } from '../../members';
import { monthBounds } from '../../shared/store-time';
import { MemberLoss } from '../lifecycle/member-loss.entity';
import { Referral } from '../referrals/referral.entity';
import type { VipPlanService } from '../vip-plan/vip-plan.service';
import type { LostMemberFigures, ReferralFigures, VipPlanFigures } from './figure-sources';

type ByAssistant = Map<number, number>;

const countBy = (rows: { assistantId: number | string | null; n: number | string }[]): ByAssistant => {
  const out: ByAssistant = new Map();
  for (const r of rows) if (r.assistantId !== null) out.set(Number(r.assistantId), Number(r.n));
  return out;
};

/** The assistant figures loyalty keeps: VIP plan completion, successful referrals, members who removed the store. */
export function loyaltyFigures(deps: {
  ds: DataSource;
  timezone: string;
  vipPlan: Pick<VipPlanService, 'touchCounts'>;
  vip: { tiers: readonly string[]; touchesPerMonth: number };
}): VipPlanFigures & ReferralFigures & LostMemberFigures {
  const { ds, timezone } = deps;
  return {
    // Referrals that qualified that month (the friend's first purchase), by the referrer's assistant.
    async successfulReferrals(month) {
      const { start, end } = monthBounds(month, timezone);
      const rows = await ds
        .getRepository(Referral)
        .createQueryBuilder('r')
        .innerJoin(Member, 'm', 'm.id = r.referrerId')
        .select('m.assistantId', 'assistantId')
        .addSelect('COUNT(*)', 'n')
        .where('r.status IN (:...done) AND r.qualifiedAt >= :start AND r.qualifiedAt < :end', { done: ['rewarded', 'capped'], start, end })
        .groupBy('m.assistantId')
        .getRawMany<{ assistantId: number | null; n: number }>();
      return countBy(rows);
    },
    // Members who removed the store that month, by their assistant when they left.
    async membersLost(month) {
      const { start, end } = monthBounds(month, timezone);
      const rows = await ds
        .getRepository(MemberLoss)
        .createQueryBuilder('l')
        .select('l.assistantId', 'assistantId')
        .addSelect('COUNT(*)', 'n')
        .where('l.lostAt >= :start AND l.lostAt < :end', { start, end })
        .groupBy('l.assistantId')
        .getRawMany<{ assistantId: number | null; n: number }>();
      return countBy(rows);
    },
    // Share of the assistant's VIP members (as they are now) who got their planned touches that month.
    async vipPlanCompletion(month) {
      if (!deps.vip.tiers.length) return new Map();
      const { start, end } = monthBounds(month, timezone);
      const vips = await ds.getRepository(Member).find({ where: { tier: In([...deps.vip.tiers]), erasedAt: IsNull() }, select: { id: true, assistantId: true } });
      const touches = await deps.vipPlan.touchCounts(vips.map((m) => m.id), start, end);
      const totals = new Map<number, { vips: number; done: number }>();
      for (const m of vips) {
        if (m.assistantId === null) continue;
        const t = totals.get(m.assistantId) ?? { vips: 0, done: 0 };
        t.vips += 1;
        if ((touches.get(m.id) ?? 0) >= deps.vip.touchesPerMonth) t.done += 1;
        totals.set(m.assistantId, t);
      }
      return new Map([...totals].map(([id, t]) => [id, t.done / t.vips]));
    },
  };
}
