import type { DataSource } from 'typeorm';
import type { PointsService } from '../points';
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

/** The ledger's side: one `referral` entry per referral and role (its key makes a second award a no-op), also kept on the row. */
export function pointsReferralRewards(ds: DataSource, points: Pick<PointsService, 'award'>): ReferralRewards {
  const recorded = new RecordedReferralRewards(ds);
  return {
    async award(memberId, amount, reason) {
      if (amount > 0) {
        await points.award({
          memberId,
          kind: 'referral',
          points: amount,
          reason: reason.role === 'referrer' ? '推荐好友成功' : '受邀首次购物',
          sourceKey: `referral:${reason.referralId}:${reason.role}`,
        });
      }
      await recorded.award(memberId, amount, reason);
    },
  };
}
