import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ComplaintActorKind = 'member' | 'staff' | 'system';

export type ComplaintEventType =
  | 'filed'
  | 'acknowledged'
  | 'reply'
  | 'member_message'
  | 'assigned'
  | 'root_cause'
  | 'compensation_granted'
  | 'compensation_requested'
  | 'compensation_approved'
  | 'compensation_rejected'
  | 'resolved'
  | 'satisfied'
  | 'reopened'
  | 'ack_breached'
  | 'answer_breached'
  | 'answer_reminded'
  | 'survey_sent'
  | 'survey_answered'
  | 'closed';

/** One line of a ticket's timeline: who, when, what. Rows are only ever added. */
@Entity('complaint_event')
@Index('idx_complaint_event_ticket', ['complaintId', 'id'])
export class ComplaintEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  complaintId!: number;

  @Column({ type: 'varchar', length: 32 })
  type!: ComplaintEventType;

  @Column({ type: 'varchar', length: 8 })
  actorKind!: ComplaintActorKind;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  actorName!: string;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** Whether the member sees this line when they ask 查询 <ticket>. */
  @Column({ type: 'boolean', default: false })
  visibleToMember!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
