import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A one-time console sign-in code sent to a staff member in chat (`登录`): only its hash is stored. */
@Entity('console_sign_in_code')
@Index('idx_console_code_hash', ['codeHash', 'expiresAt'])
@Index('idx_console_code_staff', ['staffId', 'usedAt'])
export class ConsoleSignInCode {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  staffId!: number;

  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** Set when exchanged for a session, or when a newer code or a revocation made it void. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;
}
