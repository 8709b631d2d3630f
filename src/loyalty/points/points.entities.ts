import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PointsKind } from './points-rules';

/**
 * A member's points balance, one row per member: every change updates it first (a row lock on MySQL, a
 * conditional `balance + delta >= 0` everywhere), so two redemptions at once cannot overspend.
 */
@Entity('points_account')
export class PointsAccount {
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int', default: 0 })
  balance!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

/** One line of the append-only points ledger: what changed, why, who (a staff id, or the system) and when. */
@Entity('points_entry')
@Index('idx_points_entry_member', ['memberId', 'id'])
export class PointsEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: PointsKind;

  /** Signed: positive adds to the balance, negative takes from it. */
  @Column({ type: 'int' })
  points!: number;

  @Column({ type: 'int' })
  balanceAfter!: number;

  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  /** The staff member who made the change; null for the system (purchases, refunds, expiry). */
  @Column({ type: 'int', nullable: true })
  staffId!: number | null;

  @Index('idx_points_entry_purchase')
  @Column({ type: 'int', nullable: true })
  purchaseId!: number | null;

  /** Makes a change happen once: `earn:p12`, `reverse:p13`, a till's redemption key … */
  @Index('idx_points_entry_source', { unique: true })
  @Column({ type: 'varchar', length: 128, nullable: true })
  sourceKey!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** Points earned in one go (a purchase, a positive adjustment, a referral) and what is left of them; spends take the soonest to expire first. */
@Entity('points_lot')
@Index('idx_points_lot_member', ['memberId', 'isOpen', 'expiresAt'])
@Index('idx_points_lot_open', ['isOpen', 'expiresAt'])
export class PointsLot {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  /** The ledger entry that created the lot. */
  @Column({ type: 'int' })
  entryId!: number;

  @Column({ type: 'int', nullable: true })
  purchaseId!: number | null;

  @Column({ type: 'int' })
  points!: number;

  @Column({ type: 'int' })
  remaining!: number;

  /** remaining > 0 and not expired: what the nightly job and the balance views read. */
  @Column({ type: 'boolean', default: true })
  isOpen!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  earnedAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** When the member was told these points are about to expire (once per batch). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  remindedAt!: Date | null;
}

export const pointsEntities = [PointsAccount, PointsEntry, PointsLot];
