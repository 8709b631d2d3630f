import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ConsoleSignInMethod = 'code' | 'token';

/**
 * A staff member's signed-in browser (the web console). Only the SHA-256 of the cookie's secret is
 * stored; a session ends when idle too long, at its absolute end, on sign-out or when revoked.
 */
@Entity('console_session')
@Index('idx_console_session_staff', ['staffId', 'revokedAt'])
export class ConsoleSession {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  staffId!: number;

  @Index('idx_console_session_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  /** How the session was opened: a one-time code from chat, or a staff API token. */
  @Column({ type: 'varchar', length: 8 })
  method!: ConsoleSignInMethod;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** Last request seen (written at most once a minute); the idle timeout counts from here. */
  @Column({ type: 'datetime', precision: 3 })
  lastSeenAt!: Date;

  /** The absolute end, however active the session is. */
  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
