import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A staff bearer token; only its SHA-256 is stored, the token itself is shown once. */
@Entity('staff_token')
export class StaffToken {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_staff_token_staff')
  @Column({ type: 'int' })
  staffId!: number;

  @Index('idx_staff_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  label!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
