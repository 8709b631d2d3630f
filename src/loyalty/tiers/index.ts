// The pure tier and lifecycle rules (no database): what tier a 12-month spend reaches, and the lifecycle.
export { NO_TIER, parseTierThresholds, TIER_THRESHOLDS_HINT, tierThresholdsEnv, type TierThreshold } from './tier-thresholds.config-schema';
export { lifecycleFor, tierFor, tierRank } from './tier-rules';
