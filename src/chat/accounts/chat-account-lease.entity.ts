import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which instance holds a chat account. Exactly one instance logs an account in and sends from it: the
 * holder renews `expiresAt` by heartbeat; once it lapses (the holder died) another instance takes the row
 * and `token` grows by one. Sends and outbox claims check the token, so a holder that lost the lease
 * without knowing it (a long pause) cannot send any more.
 */
@Entity('chat_account_lease')
export class ChatAccountLease {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  account!: string;

  /** Instance id of the holder; null when released. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  holder!: string | null;

  /** Fencing token: grows by one at every change of holder. */
  @Column({ type: 'int' })
  token!: number;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  heartbeatAt!: Date | null;

  /** The holder's last view of its bot (ChatState), so every instance can report it. */
  @Column({ type: 'varchar', length: 16, default: 'stopped' })
  chatState!: string;

  /** The login QR code while the account waits for a scan. */
  @Column({ type: 'text', nullable: true })
  loginQr!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
