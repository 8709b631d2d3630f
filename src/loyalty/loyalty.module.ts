import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit';
import type { MemberService } from '../members';
import type { ChatFeatures, ChatNotifier } from '../chat';
import type { ModuleParts } from '../module';
import type { OutboxPort } from '../outbox';
import type { PurchaseService, PurchasesReader } from '../purchases';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import type { StaffService } from '../staff';
import { anyAtRisk, QuietTierAtRisk, type AtRiskSource } from './lifecycle/at-risk-source';
import { LostMembersService, type OpenComplaintsReader } from './lifecycle/lost-members.service';
import { sendWeeklyDigest } from './lifecycle/weekly-digest';
import { LoyaltyService } from './loyalty.service';
import { pointsCommand } from './points-chat';
import { memberPointsReader, PointsDesk, PointsExpiryJob, pointsRoutes, PointsService, pointsStaffCommand, type EarningRule, type MemberPointsReader, type PointsExpiry } from './points';
import { referralCommands } from './referrals/referral-chat';
import { pointsReferralRewards, type ReferralRewards } from './referrals/referral-rewards';
import { ReferralService, type ReferralSettings } from './referrals/referral.service';
import { loyaltyFigures, type LostMemberFigures, type ReferralFigures, type VipPlanFigures } from './figures';
import { segmentsParts, type RfmConfig, type SegmentService } from './segments';
import type { TierThreshold } from './tiers';
import { vipPlanRoutes } from './vip-plan/vip-plan.routes';
import { VipPlanService } from './vip-plan/vip-plan.service';

/** POINTS_* configuration, as the root reads it from config. */
export interface PointsSettings {
  earning: EarningRule;
  expiry: PointsExpiry;
  reminderDays: number;
  reminderMin: number;
  assistantRedeemMax: number;
}

/** What the loyalty module needs, explicitly (the composition root passes these). */
export interface LoyaltyModuleDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  members: Pick<MemberService, 'assistantOf' | 'findByCode' | 'get'>;
  purchases: Pick<PurchasesReader, 'spendStatsFor' | 'summaryForMember'> & Pick<PurchaseService, 'whenRecorded' | 'listForMember'>;
  /** Parsed TIER_THRESHOLDS, lowest first. */
  thresholds: readonly TierThreshold[];
  /** DORMANT_AFTER_DAYS. */
  dormantDays: number;
  /** Store time zone (the upgrade message's occasion date). */
  timezone: string;
  outbox: OutboxPort;
  /** Staff changes to points are audited. */
  audit: Pick<AuditService, 'record'>;
  points: PointsSettings;
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
  /** RFM_CONFIG. */
  rfm: RfmConfig;
}

export interface LoyaltyModule extends ModuleParts, ChatFeatures {
  service: LoyaltyService;
  points: PointsService;
  /** The member's own points (the mini-program's `GET /mp/me/points`). */
  memberPoints: MemberPointsReader;
  referrals: ReferralService;
  /** The VIP visit plan: personal touches (chat and complaints record them) and the morning list's tasks. */
  vipPlan: VipPlanService;
  atRisk: AtRiskSource;
  /** The lost-member flow; built once the complaints module exists (it reads open tickets). */
  lostMembers(deps: { openComplaints: OpenComplaintsReader }): LostMembersService;
  /** RFM segments: nightly scoring, the member search's filter, care levels, at-risk members. */
  segments: SegmentService;
  /** What loyalty adds to the assistants' monthly figures. */
  figures: VipPlanFigures & ReferralFigures & LostMemberFigures;
}

/**
 * Loyalty: tiers by 12-month spend, lifecycle, the nightly refresh, tier-upgrade messages, points and 积分;
 * referrals (推荐, 推荐人); lost and at-risk members; the VIP visit plan.
 */
export function createLoyaltyModule(deps: LoyaltyModuleDeps): LoyaltyModule {
  const points = new PointsService({ ds: deps.ds, clock: deps.clock, log: deps.log, timezone: deps.timezone, earning: deps.points.earning, expiry: deps.points.expiry });
  const desk = new PointsDesk({
    points,
    audit: deps.audit,
    templates: deps.templates,
    tellMember: (memberId, text) => deps.notifier.toMember(memberId, text),
    assistantRedeemMax: deps.points.assistantRedeemMax,
  });
  const expiry = new PointsExpiryJob({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    templates: deps.templates,
    timezone: deps.timezone,
    ledger: points.ledger,
    outbox: deps.outbox,
    members: deps.members,
    reminderDays: deps.points.reminderDays,
    reminderMin: deps.points.reminderMin,
  });
  const referrals = new ReferralService({
    ...deps,
    // Referral rewards are points in the ledger, once per referral and role.
    rewards: deps.rewards ?? pointsReferralRewards(deps.ds, points),
    settings: { ...deps.referral, timezone: deps.timezone },
  });
  const rfm = segmentsParts(deps);
  const service = new LoyaltyService({ ...deps, segments: rfm.service, referralCounts: (ids) => referrals.successfulReferrals(ids) });
  const atRisk =
    deps.atRisk ??
    anyAtRisk([
      {
        atRiskHighValue: async (assistantId) =>
          (await rfm.service.atRiskHighValueMembers(assistantId)).map((m) => ({ memberId: m.memberId, since: m.atRiskSince })),
      },
      new QuietTierAtRisk({ ds: deps.ds, quietDays: deps.atRiskQuietDays, dormantDays: deps.dormantDays }),
    ]);
  const vipPlan = new VipPlanService({
    ds: deps.ds,
    clock: deps.clock,
    templates: deps.templates,
    purchases: deps.purchases,
    atRisk,
    settings: { vipTiers: deps.vip.tiers, touchesPerMonth: deps.vip.touchesPerMonth, timezone: deps.timezone },
  });
  // Points first, at the tier the member held when buying; then the purchase may move the tier.
  deps.purchases.whenRecorded((_memberIds, purchases) => points.onPurchasesRecorded(purchases));
  // A purchase can qualify a referral and move a member's tier or lifecycle at once, not only at the nightly refresh.
  deps.purchases.whenRecorded(async (memberIds) => {
    const referrers = await referrals.qualify(memberIds);
    await service.refreshMembers([...new Set([...memberIds, ...referrers])]);
  });
  return {
    service,
    segments: rfm.service,
    figures: loyaltyFigures({ ds: deps.ds, timezone: deps.timezone, vipPlan, vip: deps.vip }),
    points,
    memberPoints: memberPointsReader(points, deps.templates),
    referrals,
    vipPlan,
    atRisk,
    lostMembers: ({ openComplaints }) =>
      new LostMembersService({ ...deps, openComplaints, refresh: (ids) => service.refreshMembers(ids) }),
    routes: [...pointsRoutes({ members: deps.members, points, desk }), ...vipPlanRoutes({ clock: deps.clock, vipPlan }), ...rfm.routes],
    // 积分 (DESIGN.md chat words): tier, 12-month spend and the points. 推荐 / 推荐人: referrals.
    memberCommands: [
      pointsCommand({ purchases: deps.purchases, points, templates: deps.templates, thresholds: deps.thresholds, perYuan: deps.points.earning.perYuan, timezone: deps.timezone }),
      ...referralCommands({ referrals, templates: deps.templates, settings: { ...deps.referral, timezone: deps.timezone }, storeName: deps.storeName }),
    ],
    // `#M… 兑换 / 调整 / 积分`: registered before the relay so they never reach the member as a message.
    staffCommands: [pointsStaffCommand({ members: deps.members, points, desk, templates: deps.templates })],
    jobs: [
      {
        // The name predates the loyalty module; /dev/jobs/<name>/run and the run coordinator use it.
        name: 'purchases-segments',
        schedule: '40 2 * * *',
        description: 'Recomputes member tiers (12-month spend) and marks members who stopped buying as dormant',
        run: () => service.refreshSegments(),
      },
      {
        name: 'points-expiry',
        schedule: '20 0 * * *',
        description: 'Expires points whose time is up (oldest lots first) and reminds members before a meaningful amount expires',
        run: () => expiry.run(),
      },
      {
        name: 'loyalty-weekly-digest',
        schedule: '30 9 * * 1',
        description: 'Tells the managers in chat the week’s new, lost and net members and the at-risk high-value members by assistant',
        run: (now) => sendWeeklyDigest({ ...deps, atRisk }, now),
      },
      ...rfm.jobs,
    ],
  };
}
