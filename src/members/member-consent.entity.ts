import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a member agreed to, for which purpose and when (PIPL: consent is recorded, not assumed). */
@Entity('member_consent')
@Index('idx_member_consent_member', ['memberId', 'purpose'])
export class MemberConsent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  /** e.g. 'profile' (name and phone for service), 'birthday', 'proactive' */
  @Column({ type: 'varchar', length: 32 })
  purpose!: string;

  /** The exact sentence the member agreed to. */
  @Column({ type: 'text' })
  statement!: string;

  @Column({ type: 'varchar', length: 8 })
  channel!: 'chat' | 'mp' | 'staff';

  @Column({ type: 'datetime', precision: 3 })
  grantedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  withdrawnAt!: Date | null;
}
