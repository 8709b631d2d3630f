import { type DataSource, In, IsNull } from 'typeorm';
import { type Lifecycle, Member, MemberService } from '../members';
import type { OutboxPort } from '../outbox';
import type { PurchasesReader } from '../purchases';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { storeDateKey } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import type { AtRiskMember, SegmentService } from './segments';
import { lifecycleFor, NO_TIER, tierFor, tierRank, type TierThreshold } from './tiers';

export interface LoyaltyServiceDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  /** The member's assistant signs the tier-upgrade message. */
  members: Pick<MemberService, 'assistantOf'>;
  /** Purchase facts per member (count, last purchase, 12-month spend). */
  purchases: Pick<PurchasesReader, 'spendStatsFor'>;
  thresholds: readonly TierThreshold[];
  dormantDays: number;
  timezone: string;
  /** Tier upgrades are announced through it; without one they are only logged. */
  outbox: OutboxPort;
  /** Successful referrals per member (loyal needs one); without it a loyal member stays loyal while buying. */
  referralCounts?(memberIds: number[]): Promise<Map<number, number>>;
  /** RFM segments (the at-risk list). */
  segments: Pick<SegmentService, 'atRiskHighValueMembers'>;
}

const CHUNK = 400;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Loyalty: each member's last purchase, lifecycle and tier (spend over the last 12 months), kept up to
 * date after purchases and nightly; tier upgrades announced through the outbox.
 */
export class LoyaltyService {
  constructor(private readonly deps: LoyaltyServiceDeps) {}

  /**
   * Recomputes last purchase, lifecycle and tier of these members from their purchases; announces tier
   * upgrades. Returns how many members changed.
   */
  async refreshMembers(memberIds: number[]): Promise<{ changed: number; upgraded: number }> {
    const now = this.deps.clock.now();
    const memberRepo = this.deps.ds.getRepository(Member);
    let changed = 0;
    let upgraded = 0;
    for (const part of chunks(memberIds)) {
      const byMember = await this.deps.purchases.spendStatsFor(part, now);
      const members = await memberRepo.find({ where: { id: In(part), erasedAt: IsNull() } });
      const referrals = this.deps.referralCounts ? await this.deps.referralCounts(part) : null;
      for (const m of members) {
        const s = byMember.get(m.id);
        const count = s?.count ?? 0;
        const last = s?.lastAt ?? null;
        const spend = s?.spend12mFen ?? 0;
        const tier = tierFor(spend, this.deps.thresholds);
        const lifecycle: Lifecycle = lifecycleFor({
          current: m.lifecycle,
          purchaseCount: count,
          lastPurchaseAt: last,
          now,
          dormantDays: this.deps.dormantDays,
          successfulReferrals: referrals ? (referrals.get(m.id) ?? 0) : undefined,
        });
        const lastChanged = (last?.getTime() ?? null) !== (m.lastPurchaseAt?.getTime() ?? null);
        if (tier === m.tier && lifecycle === m.lifecycle && !lastChanged) continue;
        await memberRepo.update({ id: m.id }, { tier, lifecycle, lastPurchaseAt: last, updatedAt: now });
        changed++;
        if (tierRank(tier, this.deps.thresholds) > tierRank(m.tier, this.deps.thresholds)) {
          upgraded++;
          await this.announceUpgrade(m, tier, now);
        }
      }
    }
    return { changed, upgraded };
  }

  /** Nightly: tiers fall as old purchases leave the 12-month window; members who stopped buying become dormant. */
  async refreshSegments(): Promise<{ checked: number; changed: number; upgraded: number }> {
    const ids: number[] = [];
    let after = 0;
    for (;;) {
      const rows = await this.deps.ds
        .getRepository(Member)
        .createQueryBuilder('m')
        .select('m.id', 'id')
        .where('m.erasedAt IS NULL AND m.id > :after', { after })
        .andWhere('(m.tier <> :none OR m.lifecycle IN (:...active))', { none: NO_TIER, active: ['new', 'regular', 'loyal'] })
        .orderBy('m.id', 'ASC')
        .limit(2000)
        .getRawMany<{ id: number | string }>();
      if (!rows.length) break;
      for (const r of rows) ids.push(Number(r.id));
      after = ids[ids.length - 1];
    }
    const r = await this.refreshMembers(ids);
    return { checked: ids.length, ...r };
  }

  /** High-value members who turned at-risk (RFM), newest first: one assistant's, or everyone's. */
  atRiskHighValueMembers(assistantId?: number, opts?: { since?: Date }): Promise<AtRiskMember[]> {
    return this.deps.segments.atRiskHighValueMembers(assistantId, opts);
  }

  private async announceUpgrade(member: Member, tier: string, now: Date): Promise<void> {
    const { outbox } = this.deps;
    const t = this.deps.templates;
    const assistant = await this.deps.members.assistantOf(member);
    // A tier configured without a Chinese name is announced generically, never as its internal code.
    const label = t.has(`purchases.tier.names.${tier}`) ? t.render(`purchases.tier.names.${tier}`) : t.render('purchases.tier.names.default');
    const benefits = t.has(`purchases.tier.benefits.${tier}`) ? t.render(`purchases.tier.benefits.${tier}`) : t.render('purchases.tier.benefits.default');
    const text = t.render(
      'purchases.tier.upgrade',
      { name: MemberService.displayName(member), tier: label, benefits, assistant: assistant?.name ?? '', hasAssistant: Boolean(assistant) },
      member.id + now.getUTCFullYear(),
    );
    try {
      await outbox.enqueue({ memberId: member.id, occasion: 'tier_upgrade', occasionDate: storeDateKey(now, this.deps.timezone), text, dueAt: now, meta: { tier } });
    } catch (err) {
      this.deps.log.warn({ memberId: member.id, err: (err as Error).message }, 'could not queue the tier upgrade message');
    }
  }
}
