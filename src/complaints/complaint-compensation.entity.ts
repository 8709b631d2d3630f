import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** DOMAIN.md: minor → small coupon; medium → exchange + coupon (with a note); severe → refund + extra (manager approval). */
export type CompensationLevel = 'minor' | 'medium' | 'severe';
export type CompensationStatus = 'granted' | 'pending' | 'rejected';

@Entity('complaint_compensation')
@Index('idx_complaint_compensation_ticket', ['complaintId'])
export class ComplaintCompensation {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  complaintId!: number;

  @Column({ type: 'varchar', length: 8 })
  level!: CompensationLevel;

  @Column({ type: 'boolean', default: false })
  exchange!: boolean;

  /** Amounts in whole fen (1/100 yuan), integers so sums are exact. */
  @Column({ type: 'int', default: 0 })
  couponFen!: number;

  @Column({ type: 'int', default: 0 })
  refundFen!: number;

  @Column({ type: 'int', default: 0 })
  extraFen!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 8 })
  status!: CompensationStatus;

  @Column({ type: 'int' })
  requestedBy!: number;

  @Column({ type: 'int', nullable: true })
  decidedBy!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
