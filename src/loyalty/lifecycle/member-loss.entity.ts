import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A member removed the store account (流失) at `lostAt`; `returnedAt` when they added it again. */
@Entity('member_loss')
@Index('idx_member_loss_member', ['memberId', 'returnedAt'])
export class MemberLoss {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  /** Their assistant when they left (the weekly digest counts losses per assistant). */
  @Column({ type: 'int', nullable: true })
  assistantId!: number | null;

  /** The lifecycle before `lost`, for the record. */
  @Column({ type: 'varchar', length: 16 })
  lifecycleBefore!: string;

  @Index('idx_member_loss_time')
  @Column({ type: 'datetime', precision: 3 })
  lostAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  returnedAt!: Date | null;
}
