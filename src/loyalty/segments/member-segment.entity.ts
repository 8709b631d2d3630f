import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Segment } from './segment-rules';

/**
 * A member's RFM scores and segment, as of the last nightly scoring. Only members who bought in the
 * scoring window have a row (a row stays when they stop buying, scored 1/1/1). Loyalty's own table: the
 * member search filters by it through `MemberSegmentFilter`, the care planner through `CareLevels`.
 */
@Entity('member_segment')
@Index('idx_member_segment_segment', ['segment', 'memberId'])
export class MemberSegment {
  @PrimaryColumn({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int' })
  recency!: number;

  @Column({ type: 'int' })
  frequency!: number;

  @Column({ type: 'int' })
  monetary!: number;

  @Column({ type: 'varchar', length: 16 })
  segment!: Segment;

  /** When the scores or the segment last changed (the nightly run writes only changed rows). */
  @Column({ type: 'datetime', precision: 3 })
  changedAt!: Date;
}
