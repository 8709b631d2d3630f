import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Occasion } from './outbox.port';

/**
 * draft     — waiting for the assistant (morning digest) or the approval cut-off
 * queued    — approved or auto-send; the dispatcher delivers it when due
 * sending   — claimed by a dispatcher; if a crash leaves it here it becomes `check`, never resent blindly
 * sent | skipped | failed — final, with sentAt or reason
 * check     — interrupted mid-send: an assistant must look whether the member got it
 */
export type OutboxStatus = 'draft' | 'queued' | 'sending' | 'sent' | 'skipped' | 'failed' | 'check';

@Entity('outbox_message')
@Index('idx_outbox_status_due', ['status', 'dueAt'])
// Covers the dashboard's messages sent per day and per assistant and occasion.
@Index('idx_outbox_status_sent', ['status', 'sentAt', 'assistantId', 'occasion'])
@Index('idx_outbox_claim', ['status', 'priority', 'valueRank', 'dueAt', 'id'])
@Index('idx_outbox_member_sent', ['memberId', 'sentAt'])
@Index('idx_outbox_assistant_date', ['assistantId', 'occasionDate'])
@Index('idx_outbox_member_occasion', ['memberId', 'occasion', 'occasionDate', 'templateVariant'])
@Index('idx_outbox_account_claim', ['account', 'status', 'priority', 'valueRank', 'dueAt', 'id'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** member + occasion + occasion date: the database refuses a second row for the same occasion. */
  @Index('idx_outbox_idempotency', { unique: true })
  @Column({ type: 'varchar', length: 160 })
  idempotencyKey!: string;

  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'int', nullable: true })
  assistantId!: number | null;

  /** The store account (CHAT_ACCOUNTS id) that sends it: the member's account when it was queued. */
  @Column({ type: 'varchar', length: 64, default: 'store' })
  account!: string;

  @Column({ type: 'varchar', length: 32 })
  occasion!: Occasion;

  /** Store-local YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10 })
  occasionDate!: string;

  /** Index in OCCASION_PRIORITY: lower is more personal and wins collisions. */
  @Column({ type: 'int' })
  priority!: number;

  /**
   * The member's value when the row was queued (tier, then RFM segment; lower is more valuable): on a
   * day that does not fit the account's ceiling, the claim takes it right after the priority.
   */
  @Column({ type: 'int', default: 0 })
  valueRank!: number;

  /** Which template variant was used (rotation: never the same variant two years running). */
  @Column({ type: 'int', nullable: true })
  templateVariant!: number | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'boolean', default: false })
  needsApproval!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  reason!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  claimedBy!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  claimedAt!: Date | null;

  /** Staff who approved, edited or skipped it. */
  @Column({ type: 'int', nullable: true })
  decidedBy!: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  /** JSON: reply handling after delivery (e.g. a survey), occasion facts. */
  @Column({ type: 'text', nullable: true })
  meta!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
