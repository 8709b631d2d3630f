import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const COMPLAINT_CATEGORIES = ['quality', 'service', 'price', 'delivery', 'environment', 'after_sales', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/**
 * open         — filed, no person has acknowledged it yet (the 1-hour clock runs)
 * in_progress  — acknowledged by staff (or reopened by the member)
 * resolved     — staff said what was done; waiting for the member's "满意吗"
 * closed       — the member is satisfied (or answered the survey)
 */
export const COMPLAINT_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export type ComplaintChannel = 'chat' | 'mp' | 'staff';

/** A complaint ticket (投诉单). Every change to it is also a ComplaintEvent in its timeline. */
@Entity('complaint')
@Index('idx_complaint_member', ['memberId', 'createdAt'])
@Index('idx_complaint_status', ['status', 'createdAt'])
@Index('idx_complaint_assistant', ['assistantId', 'status'])
@Index('idx_complaint_created', ['createdAt', 'ackBreachedAt', 'answerBreachedAt', 'acknowledgedAt', 'firstAnsweredAt'])
export class Complaint {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** T<store date>-<4 digits>; the unique index makes two instances never hand out the same number. */
  @Index('idx_complaint_ticket', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  ticketNo!: string;

  @Column({ type: 'int' })
  memberId!: number;

  /** Who handles it: the member's assistant at filing, changed by a transfer (转). */
  @Column({ type: 'int', nullable: true })
  assistantId!: number | null;

  @Column({ type: 'varchar', length: 8 })
  channel!: ComplaintChannel;

  @Column({ type: 'varchar', length: 16 })
  category!: ComplaintCategory;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  orderNo!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: ComplaintStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  rootCause!: string | null;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** First acknowledgement by a person (not the bot's automatic one). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  acknowledgedBy!: number | null;

  /** First real answer (a reply or a resolution) that reached the member. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstAnsweredAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt!: Date | null;

  /** Set when a resolution is first given; kept through reopenings, for time-to-resolve figures. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstResolvedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  reopenCount!: number;

  /** Deadline breaches, recorded once each (the job never notifies twice). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  ackBreachedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  answerBreachedAt!: Date | null;

  /** Store day (YYYY-MM-DD) of the last daily reminder while the ticket still has no real answer. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  answerRemindedOn!: string | null;

  /** The member's answer to "满意吗" after the latest resolution. */
  @Column({ type: 'boolean', nullable: true })
  satisfied!: boolean | null;

  /** The follow-up survey: claimed (sent or queued) once, then the member's 1–5 and comment. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  surveySentAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  surveyScore!: number | null;

  @Column({ type: 'text', nullable: true })
  surveyComment!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  surveyAnsweredAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
