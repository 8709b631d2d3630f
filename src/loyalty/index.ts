// The loyalty module's public face: tiers, lifecycle, the nightly refresh, tier-upgrade messages and points.
export { createLoyaltyModule, type LoyaltyModule, type LoyaltyModuleDeps, type PointsSettings } from './loyalty.module';
export { LoyaltyService, type LoyaltyServiceDeps } from './loyalty.service';
export { lifecycleFor, NO_TIER, parseTierThresholds, tierFor, tierRank, tierThresholdsEnv, type TierThreshold } from './tiers';
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
