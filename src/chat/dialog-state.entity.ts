import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where a member (or staff member) is in a multi-step chat dialog; persisted so a restart resumes it. */
@Entity('dialog_state')
export class DialogState {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** `member:<id>` or `staff:<id>`: one active dialog per person. */
  @Index('idx_dialog_state_subject', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  subjectKey!: string;

  @Column({ type: 'varchar', length: 32 })
  dialog!: string;

  @Column({ type: 'varchar', length: 32 })
  step!: string;

  @Column({ type: 'text' })
  data!: string;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
