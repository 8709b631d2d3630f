import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A staff note on a member (what they like, what was promised); never shown to the member. */
@Entity('member_note')
@Index('idx_member_note_member', ['memberId', 'createdAt'])
export class MemberNote {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
