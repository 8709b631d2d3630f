// The loyalty module's public face: tiers, lifecycle, the nightly refresh and tier-upgrade messages.
export { createLoyaltyModule, type LoyaltyModule, type LoyaltyModuleDeps } from './loyalty.module';
export { LoyaltyService, type LoyaltyServiceDeps } from './loyalty.service';
export { lifecycleFor, NO_TIER, parseTierThresholds, tierFor, tierRank, tierThresholdsEnv, type TierThreshold } from './tiers';
export { segmentEntities, SEGMENTS, SegmentService, type AtRiskMember, type RfmConfig, type Segment } from './segments';
export { notYetAvailable, type LostMemberFigures, type ReferralFigures, type VipPlanFigures } from './figures';
