import type { DataSource } from 'typeorm';
import { Referral } from './referral.entity';

/** Which side of which referral a reward is for (a ledger entry's reason and idempotency key). */
export interface ReferralRewardReason {
  kind: 'referral';
  referralId: number;
  role: 'referrer' | 'referred';
}

/**
 * Where referral points go. The points ledger implements it (an entry of kind `referral`, once per
 * referral and role); until it is wired, RecordedReferralRewards keeps the amounts on the referral row.
 */
export interface ReferralRewards {
  award(memberId: number, points: number, reason: ReferralRewardReason): Promise<void>;
}

/** Stand-in: the awarded points recorded on the referral (referrerPoints / referredPoints). */
export class RecordedReferralRewards implements ReferralRewards {
  constructor(private readonly ds: DataSource) {}

  async award(_memberId: number, points: number, reason: ReferralRewardReason): Promise<void> {
    const column = reason.role === 'referrer' ? 'referrerPoints' : 'referredPoints';
    await this.ds.getRepository(Referral).update({ id: reason.referralId }, { [column]: points });
  }
}
