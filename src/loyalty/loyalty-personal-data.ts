import type { PersonalDataHolder } from '../members';
import { ReferralCode } from './referrals/referral.entity';
import { MemberTouch } from './vip-plan/member-touch.entity';

/**
 * What loyalty keeps about a member, at erasure: the referral code and the record of personal touches go;
 * referrals and losses stay as anonymous counts (member ids only, the member row itself is emptied).
 */
export function loyaltyPersonalData(): PersonalDataHolder {
  return {
    async erase(em, { memberId }) {
      await em.delete(ReferralCode, { memberId });
      await em.delete(MemberTouch, { memberId });
    },
  };
}
