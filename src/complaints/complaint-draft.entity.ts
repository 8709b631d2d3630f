import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A complaint the member started in chat and left halfway: kept so `投诉` can pick it up again. */
@Entity('complaint_draft')
export class ComplaintDraft {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_complaint_draft_member', { unique: true })
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 32 })
  step!: string;

  /** The dialog data (JSON) as it was when the draft lapsed. */
  @Column({ type: 'text' })
  data!: string;

  @Column({ type: 'datetime', precision: 3 })
  savedAt!: Date;
}
