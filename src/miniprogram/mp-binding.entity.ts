import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A one-time code the mini-program shows; the member sends `绑定 <code>` in chat to link the two identities. */
@Entity('mp_binding_code')
export class MpBindingCode {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_mp_binding_code_member')
  @Column({ type: 'int' })
  memberId!: number;

  /** Keyed hash of the 6 digits (never the digits themselves). */
  @Index('idx_mp_binding_code_hash')
  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  expiresAt!: Date;

  /** Set when used or replaced by a newer code: a code works once. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  usedAt!: Date | null;
}

/** Wrong binding codes per chat contact: too many lock binding for that contact for a while. */
@Entity('mp_binding_guard')
export class MpBindingGuard {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_mp_binding_guard_contact', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  contactId!: string;

  @Column({ type: 'int', default: 0 })
  failures!: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstFailureAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;
}

/** A mini-program member absorbed into a chat member by binding: where its history went. */
@Entity('mp_member_merge')
export class MpMemberMerge {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('idx_mp_member_merge_from')
  @Column({ type: 'int' })
  fromMemberId!: number;

  @Index('idx_mp_member_merge_into')
  @Column({ type: 'int' })
  intoMemberId!: number;

  @Column({ type: 'datetime', precision: 3 })
  mergedAt!: Date;
}
