import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One purchase (a POS line or a whole receipt) of a member. */
@Entity('purchase')
@Index('idx_purchase_member_time', ['memberId', 'purchasedAt'])
@Index('idx_purchase_time_member', ['purchasedAt', 'memberId'])
export class Purchase {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_purchase_time')
  @Column({ type: 'datetime', precision: 3 })
  purchasedAt!: Date;

  @Column({ type: 'varchar', length: 500 })
  items!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category!: string | null;

  @Column({ type: 'int', default: 1 })
  quantity!: number;

  /** Amount in fen (1/100 yuan), an integer so sums are exact on both databases. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  amountFen!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  store!: string | null;

  @Column({ type: 'int', nullable: true })
  assistantId!: number | null;

  /** Makes re-sending or re-importing the same purchase a no-op. */
  @Index('idx_purchase_idempotency', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  idempotencyKey!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: 'api' | 'import' | 'seed';

  /** True when this was the member's first purchase at the time it was recorded. */
  @Column({ type: 'boolean', default: false })
  isFirstPurchase!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
