import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Segment } from './segment-rules';

/** One change of a member's segment (append-only history; the first scoring has `fromSegment` null). */
@Entity('member_segment_change')
@Index('idx_member_segment_change_member', ['memberId', 'changedAt'])
@Index('idx_member_segment_change_time', ['changedAt', 'toSegment'])
export class MemberSegmentChange {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromSegment!: Segment | null;

  @Column({ type: 'varchar', length: 16 })
  toSegment!: Segment;

  /** The scores that made the change. */
  @Column({ type: 'int' })
  recency!: number;

  @Column({ type: 'int' })
  frequency!: number;

  @Column({ type: 'int' })
  monetary!: number;

  @Column({ type: 'datetime', precision: 3 })
  changedAt!: Date;
}
