import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A personal message from a staff member that reached a member (a relay `#M…`, a complaint reply). An
 * approved greeting is read from the outbox instead (sent, decided by the assistant).
 */
@Entity('member_touch')
@Index('idx_member_touch_member', ['memberId', 'touchedAt'])
@Index('idx_member_touch_staff', ['staffId', 'touchedAt'])
export class MemberTouch {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'datetime', precision: 3 })
  touchedAt!: Date;
}
