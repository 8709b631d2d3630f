import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what, when: every staff read of a member's personal data and every change made through the
 * staff API. Details never hold phone numbers or addresses (only which fields were touched).
 */
@Entity('audit_log')
@Index('idx_audit_member_at', ['memberId', 'at'])
@Index('idx_audit_staff_at', ['staffId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_audit_at')
  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Column({ type: 'int', nullable: true })
  staffId!: number | null;

  /** Kept as written at the time, so the log still reads right after a rename. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  staffName!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  staffRole!: string | null;

  /** e.g. member.read, member.search, member.tag.add, purchase.import, staff.create */
  @Column({ type: 'varchar', length: 48 })
  action!: string;

  @Column({ type: 'int', nullable: true })
  memberId!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  /** JSON: filters used, fields changed, counts. */
  @Column({ type: 'text', nullable: true })
  details!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
