import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A member's referral code (推荐码), made the first time it is asked for. */
@Entity('referral_code')
export class ReferralCode {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_referral_code_member', { unique: true })
  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_referral_code_code', { unique: true })
  @Column({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/**
 * pending: named, waiting for the friend's first purchase; rewarded: both rewarded; capped: the friend was
 * rewarded, the referrer had reached the monthly cap; void: the first purchase did not qualify.
 */
export type ReferralStatus = 'pending' | 'rewarded' | 'capped' | 'void';
export type ReferralChannel = 'chat' | 'mp';

/** A new member (memberId, once) named the member who brought them (referrerId). */
@Entity('referral')
@Index('idx_referral_referrer', ['referrerId', 'status', 'qualifiedAt'])
export class Referral {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The member who was brought; unique: a referrer is named once. */
  @Index('idx_referral_member', { unique: true })
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  referrerId!: number;

  @Column({ type: 'varchar', length: 8 })
  channel!: ReferralChannel;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: ReferralStatus;

  @Column({ type: 'datetime', precision: 3 })
  claimedAt!: Date;

  /** The friend's first purchase, once it is recorded. */
  @Column({ type: 'int', nullable: true })
  purchaseId!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  qualifiedAt!: Date | null;

  /** Points awarded (the stand-in ledger until points are wired: ReferralRewards). */
  @Column({ type: 'int', default: 0 })
  referrerPoints!: number;

  @Column({ type: 'int', default: 0 })
  referredPoints!: number;

  /** Why a referral was void or capped (first_purchase_too_small, purchased_before_claim, monthly_cap). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: string | null;
}
