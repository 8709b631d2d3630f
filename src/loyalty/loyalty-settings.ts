import type { Config } from '../config';

/** The loyalty programme's settings, read from the validated config (tiers, points, referrals, VIP plans, RFM). */
export function loyaltySettingsFrom(config: Readonly<Config>) {
  return {
    thresholds: config.tierThresholds,
    dormantDays: config.DORMANT_AFTER_DAYS,
    timezone: config.STORE_TIMEZONE,
    storeName: config.STORE_NAME,
    points: {
      earning: { perYuan: config.POINTS_PER_YUAN, multipliers: config.POINTS_TIER_MULTIPLIERS },
      expiry: config.POINTS_EXPIRE_AFTER,
      reminderDays: config.POINTS_EXPIRY_REMINDER_DAYS,
      reminderMin: config.POINTS_EXPIRY_REMINDER_MIN,
      assistantRedeemMax: config.POINTS_ASSISTANT_REDEEM_MAX,
    },
    referral: {
      minPurchaseFen: config.REFERRAL_MIN_PURCHASE_YUAN * 100,
      referrerPoints: config.REFERRAL_REFERRER_POINTS,
      referredPoints: config.REFERRAL_REFERRED_POINTS,
      monthlyCap: config.REFERRAL_MONTHLY_CAP,
      claimDays: config.REFERRAL_CLAIM_DAYS,
    },
    vip: { tiers: config.vipTiers, touchesPerMonth: config.VIP_TOUCHES_PER_MONTH },
    atRiskQuietDays: config.AT_RISK_QUIET_DAYS,
    rfm: config.RFM_CONFIG,
  };
}
