import type { DataSource } from 'typeorm';
import type { MemberService } from '../members';
import type { ChatFeatures, ChatNotifier } from '../chat';
import type { ModuleParts } from '../module';
import type { OutboxPort } from '../outbox';
import type { PurchaseService, PurchasesReader } from '../purchases';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import type { StaffService } from '../staff';
import { QuietTierAtRisk, type AtRiskSource } from './lifecycle/at-risk-source';
import { LostMembersService, type OpenComplaintsReader } from './lifecycle/lost-members.service';
import { sendWeeklyDigest } from './lifecycle/weekly-digest';
import { LoyaltyService } from './loyalty.service';
import { pointsCommand } from './points-chat';
import { referralCommands } from './referrals/referral-chat';
import { RecordedReferralRewards, type ReferralRewards } from './referrals/referral-rewards';
import { ReferralService, type ReferralSettings } from './referrals/referral.service';
import type { TierThreshold } from './tiers';
import { vipPlanRoutes } from './vip-plan/vip-plan.routes';
import { VipPlanService } from './vip-plan/vip-plan.service';

/** What the loyalty module needs, explicitly (the composition root passes these). */
export interface LoyaltyModuleDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  members: Pick<MemberService, 'assistantOf' | 'findByCode'>;
  purchases: Pick<PurchasesReader, 'spendStatsFor' | 'summaryForMember'> & Pick<PurchaseService, 'whenRecorded' | 'listForMember'>;
  /** Parsed TIER_THRESHOLDS, lowest first. */
  thresholds: readonly TierThreshold[];
  /** DORMANT_AFTER_DAYS. */
  dormantDays: number;
  /** Store time zone (the upgrade message's occasion date). */
  timezone: string;
  outbox: OutboxPort;
  /** Thank-you notices, lost-member notices, the weekly digest. */
  notifier: ChatNotifier;
  staff: Pick<StaffService, 'managers' | 'repo'>;
  storeName: string;
  /** REFERRAL_* settings (amounts in fen). */
  referral: Omit<ReferralSettings, 'timezone'>;
  /** VIP_TIERS resolved, VIP_TOUCHES_PER_MONTH. */
  vip: { tiers: readonly string[]; touchesPerMonth: number };
  /** The at-risk stand-in: AT_RISK_QUIET_DAYS. */
  atRiskQuietDays: number;
  /** Where referral points go; the recorded stand-in until the points ledger is wired. */
  rewards?: ReferralRewards;
  /** Where at-risk high-value members come from; the quiet-tier stand-in until RFM segments are wired. */
  atRisk?: AtRiskSource;
}

export interface LoyaltyModule extends ModuleParts, ChatFeatures {
  service: LoyaltyService;
  referrals: ReferralService;
  /** The VIP visit plan: personal touches (chat and complaints record them) and the morning list's tasks. */
  vipPlan: VipPlanService;
  atRisk: AtRiskSource;
  /** The lost-member flow; built once the complaints module exists (it reads open tickets). */
  lostMembers(deps: { openComplaints: OpenComplaintsReader }): LostMembersService;
}

/**
 * Loyalty: tiers by 12-month spend, lifecycle, the nightly refresh, tier-upgrade messages and 积分;
 * referrals (推荐, 推荐人); lost and at-risk members; the VIP visit plan.
 */
export function createLoyaltyModule(deps: LoyaltyModuleDeps): LoyaltyModule {
  const referrals = new ReferralService({
    ...deps,
    rewards: deps.rewards ?? new RecordedReferralRewards(deps.ds),
    settings: { ...deps.referral, timezone: deps.timezone },
  });
  const service = new LoyaltyService({ ...deps, referralCounts: (ids) => referrals.successfulReferrals(ids) });
  const atRisk = deps.atRisk ?? new QuietTierAtRisk({ ds: deps.ds, quietDays: deps.atRiskQuietDays, dormantDays: deps.dormantDays });
  const vipPlan = new VipPlanService({
    ds: deps.ds,
    clock: deps.clock,
    templates: deps.templates,
    purchases: deps.purchases,
    atRisk,
    settings: { vipTiers: deps.vip.tiers, touchesPerMonth: deps.vip.touchesPerMonth, timezone: deps.timezone },
  });
  // A purchase can qualify a referral and move a member's tier or lifecycle at once, not only at the nightly refresh.
  deps.purchases.whenRecorded(async (memberIds) => {
    const referrers = await referrals.qualify(memberIds);
    await service.refreshMembers([...new Set([...memberIds, ...referrers])]);
  });
  return {
    service,
    referrals,
    vipPlan,
    atRisk,
    lostMembers: ({ openComplaints }) =>
      new LostMembersService({ ...deps, openComplaints, refresh: (ids) => service.refreshMembers(ids) }),
    // 积分 (DESIGN.md chat words): tier and 12-month spend. 推荐 / 推荐人: referrals.
    memberCommands: [
      pointsCommand({ purchases: deps.purchases, templates: deps.templates, thresholds: deps.thresholds }),
      ...referralCommands({ referrals, templates: deps.templates, settings: { ...deps.referral, timezone: deps.timezone }, storeName: deps.storeName }),
    ],
    jobs: [
      {
        // The name predates the loyalty module; /dev/jobs/<name>/run and the run coordinator use it.
        name: 'purchases-segments',
        schedule: '40 2 * * *',
        description: 'Recomputes member tiers (12-month spend) and marks members who stopped buying as dormant',
        run: () => service.refreshSegments(),
      },
      {
        name: 'loyalty-weekly-digest',
        schedule: '30 9 * * 1',
        description: 'Tells the managers in chat the week’s new, lost and net members and the at-risk high-value members by assistant',
        run: (now) => sendWeeklyDigest({ ...deps, atRisk }, now),
      },
    ],
    routes: vipPlanRoutes({ clock: deps.clock, vipPlan }),
  };
}
