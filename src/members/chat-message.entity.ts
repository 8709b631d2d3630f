import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MessageDirection = 'in' | 'out';

/** Inbound and outbound chat log; the unique external id makes a message the puppet delivers twice handled once. */
@Entity('chat_message')
@Index('idx_chat_message_contact', ['contactId', 'createdAt'])
export class ChatMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 3 })
  direction!: MessageDirection;

  /** The store account (CHAT_ACCOUNTS id) the message came in on or went out through. */
  @Column({ type: 'varchar', length: 64, default: 'store' })
  account!: string;

  @Column({ type: 'varchar', length: 128 })
  contactId!: string;

  @Index('idx_chat_message_member')
  @Column({ type: 'int', nullable: true })
  memberId!: number | null;

  @Column({ type: 'int', nullable: true })
  staffId!: number | null;

  @Index('idx_chat_message_external', { unique: true })
  @Column({ type: 'varchar', length: 160, nullable: true })
  externalId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** Inbound: the holder handling it (instance and lease token); null for messages logged before leases. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  handledBy!: string | null;

  /** Inbound: when its handling finished (answered); null while in progress or if its holder died. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  handledAt!: Date | null;
}
