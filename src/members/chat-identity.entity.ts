import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A WeChat contact as one of the store's accounts sees it, linked to the member it belongs to. */
@Entity('chat_identity')
// A contact id is only unique within one account.
@Index('idx_chat_identity_contact', ['account', 'contactId'], { unique: true })
// The same person met on another of the store's accounts is found by contact id alone.
@Index('idx_chat_identity_contact_id', ['contactId'])
export class ChatIdentity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The store account (CHAT_ACCOUNTS id) this contact is a friend of. */
  @Column({ type: 'varchar', length: 64, default: 'store' })
  account!: string;

  @Column({ type: 'varchar', length: 128 })
  contactId!: string;

  /** The remark (alias) the bot set on the contact: the member code. */
  @Index('idx_chat_identity_remark')
  @Column({ type: 'varchar', length: 64, nullable: true })
  remark!: string | null;

  @Index('idx_chat_identity_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  displayName!: string | null;

  /** Set from the service clock, not the database, so tests and the dev clock agree. */
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastSeenAt!: Date | null;
}
