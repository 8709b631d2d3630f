import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The number a draft has in a staff member's morning list, so "发送 1 3" means what they saw even
 * when drafts are handled or added later in the day.
 */
@Entity('care_draft_number')
@Index('idx_draft_number_item', ['staffId', 'day', 'itemNo'], { unique: true })
export class DraftNumber {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  staffId!: number;

  /** Store-local YYYY-MM-DD of the list. */
  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'int' })
  itemNo!: number;

  @Index('idx_draft_number_outbox', { unique: true })
  @Column({ type: 'int' })
  outboxId!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
