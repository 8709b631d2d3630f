import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type StaffRole = 'assistant' | 'manager' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = ['assistant', 'manager', 'admin'];

@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: StaffRole;

  /** The staff member's own WeChat contact id as the bot sees it; how the bot tells staff from members. */
  @Index('idx_staff_wechat_contact', { unique: true })
  @Column({ type: 'varchar', length: 128, nullable: true })
  wechatContactId!: string | null;

  /** The store account (CHAT_ACCOUNTS id) the staff member's WeChat is a friend of: notices go through it. */
  @Column({ type: 'varchar', length: 64, default: 'store' })
  chatAccount!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Set from the service clock, not the database, so tests and the dev clock agree. */
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
