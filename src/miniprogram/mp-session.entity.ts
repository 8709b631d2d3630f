import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A mini-program bearer session; only the SHA-256 of the token is stored, the token is shown once. */
@Entity('mp_session')
export class MpSession {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_mp_session_member')
  @Column({ type: 'int' })
  memberId!: number;

  @Index('idx_mp_session_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}

/** A valid member session, as the HTTP layer puts it on the request (the member and the session row). */
export interface MemberSessionAuth {
  memberId: number;
  sessionId: number;
}
