export { notYetAvailable, type LostMemberFigures, type ReferralFigures, type VipPlanFigures } from './figure-sources';
export { loyaltyFigures } from './loyalty-figures';
