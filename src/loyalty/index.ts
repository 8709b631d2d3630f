// The loyalty module's public face: tiers, lifecycle, points, referrals, lost and at-risk members, the VIP visit plan.
import { MemberLoss } from './lifecycle/member-loss.entity';
import { Referral, ReferralCode } from './referrals/referral.entity';
import { MemberTouch } from './vip-plan/member-touch.entity';

export { createLoyaltyModule, type LoyaltyModule, type LoyaltyModuleDeps, type PointsSettings } from './loyalty.module';
export { LoyaltyService, type LoyaltyServiceDeps } from './loyalty.service';
export { loyaltySettingsFrom } from './loyalty-settings';
export { lifecycleFor, NO_TIER, parseTierThresholds, tierFor, tierRank, tierThresholdsEnv, type TierThreshold } from './tiers';
export { QuietTierAtRisk, type AtRiskMember, type AtRiskSource } from './lifecycle/at-risk-source';
export { LostMembersService, type OpenComplaintsReader } from './lifecycle/lost-members.service';
export { MemberLoss } from './lifecycle/member-loss.entity';
export { RecordedReferralRewards, type ReferralRewardReason, type ReferralRewards } from './referrals/referral-rewards';
export { ReferralService, type ClaimResult, type ReferralSettings } from './referrals/referral.service';
export { decideClaim, decideReward, parseReferrerInput, type ClaimRefusal } from './referrals/referral-rules';
export { Referral, ReferralCode, type ReferralStatus } from './referrals/referral.entity';
export { MemberTouch } from './vip-plan/member-touch.entity';
export { loyaltyPersonalData } from './loyalty-personal-data';
export { VipPlanService, type VisitPlan } from './vip-plan/vip-plan.service';

export {
  InsufficientPointsError,
  memberPointsSchema,
  parsePointsStaffWord,
  PointsAccount,
  PointsEntry,
  PointsLot,
  pointsEntities,
  PointsService,
  type MemberPointsReader,
  type MemberPointsView,
  type PointsKind,
  type PointsSummary,
} from './points';
export { MemberValueRanks, memberValueRank, segmentEntities, SEGMENTS, SegmentService, type AtRiskMember as SegmentAtRiskMember, type RfmConfig, type Segment } from './segments';
export { loyaltyFigures, notYetAvailable, type LostMemberFigures, type ReferralFigures, type VipPlanFigures } from './figures';

export const loyaltyEntities = [ReferralCode, Referral, MemberLoss, MemberTouch];
