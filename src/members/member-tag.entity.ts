import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A staff tag on a member (e.g. 孕妈, 爱穿裙装); one row per member and tag. */
@Entity('member_tag')
@Index('idx_member_tag_unique', ['memberId', 'tag'], { unique: true })
export class MemberTag {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_member_tag_tag')
  @Column({ type: 'varchar', length: 32 })
  tag!: string;

  @Column({ type: 'int', nullable: true })
  createdBy!: number | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
