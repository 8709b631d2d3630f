import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A mini-program user (WeChat openid, and unionid when the app is on an open platform) linked to a member. */
@Entity('mp_identity')
export class MpIdentity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_mp_identity_openid', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  openid!: string;

  @Index('idx_mp_identity_unionid')
  @Column({ type: 'varchar', length: 128, nullable: true })
  unionid!: string | null;

  @Index('idx_mp_identity_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastLoginAt!: Date;
}
