import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BirthdayCalendar = 'solar' | 'lunar';
export type Gender = 'female' | 'male';
/** `lost`: the member removed the store's WeChat account (流失); kept until they add it again. */
export type Lifecycle = 'prospect' | 'new' | 'regular' | 'loyal' | 'dormant' | 'lost';
export type MemberSource = 'chat' | 'mp' | 'staff' | 'seed';

/**
 * The member record (顾客档案), filled progressively. Phone and address are stored only sealed
 * (see PersonalDataCipher); `phoneHash` is the keyed hash used for exact lookups.
 */
@Entity('member')
@Index('idx_member_birthday', ['birthdayCalendar', 'birthMonth', 'birthDay'])
@Index('idx_member_tier', ['tier', 'erasedAt', 'id'])
@Index('idx_member_lifecycle', ['lifecycle', 'erasedAt', 'id'])
@Index('idx_member_last_contact', ['lastContactAt'])
// erasedAt too: the dashboard counts members lapsing per day from this index alone.
@Index('idx_member_last_purchase', ['lastPurchaseAt', 'erasedAt', 'assistantId'])
@Index('idx_member_created', ['createdAt'])
@Index('idx_member_created_assistant', ['createdAt', 'assistantId', 'erasedAt'])
@Index('idx_member_erased', ['erasedAt'])
@Index('idx_member_assistant_lifecycle', ['assistantId', 'lifecycle', 'erasedAt', 'id'])
@Index('idx_member_opted_out', ['optedOutAt'])
@Index('idx_member_assistant_live', ['assistantId', 'erasedAt'])
@Index('idx_member_chat_account', ['chatAccount', 'erasedAt'])
export class Member {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** Public member code, also written as the WeChat remark so a contact whose id changes is recognised. */
  @Index('idx_member_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  name!: string | null;

  /** The store account (CHAT_ACCOUNTS id) the member is friends with: replies and proactive messages go through it. */
  @Column({ type: 'varchar', length: 64, default: 'store' })
  chatAccount!: string;

  /** WeChat nickname at first contact, used until the member tells us their name. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  nickname!: string | null;

  @Column({ type: 'text', nullable: true })
  phoneEnc!: string | null;

  @Index('idx_member_phone_hash')
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  gender!: Gender | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  ageRange!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  birthdayCalendar!: BirthdayCalendar | null;

  @Column({ type: 'int', nullable: true })
  birthYear!: number | null;

  @Column({ type: 'int', nullable: true })
  birthMonth!: number | null;

  @Column({ type: 'int', nullable: true })
  birthDay!: number | null;

  /** Lunar birthday in a leap month (闰月); celebrated in the ordinary month in years without it. */
  @Column({ type: 'boolean', default: false })
  birthLeapMonth!: boolean;

  @Column({ type: 'text', nullable: true })
  addressEnc!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  occupation!: string | null;

  /** Targeted festivals go only where these are known to be true; null means unknown, never guessed. */
  @Column({ type: 'boolean', nullable: true })
  isMother!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  isFather!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  isTeacher!: boolean | null;

  /** Deep profile (family, housing, style, hobbies, preferred contact time …) as JSON. */
  @Column({ type: 'text', nullable: true })
  profileExtra!: string | null;

  @Index('idx_member_assistant')
  @Column({ type: 'int', nullable: true })
  assistantId!: number | null;

  @Column({ type: 'boolean', default: false })
  optedOut!: boolean;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  optedOutAt!: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'none' })
  tier!: string;

  @Column({ type: 'varchar', length: 16, default: 'prospect' })
  lifecycle!: Lifecycle;

  @Column({ type: 'varchar', length: 8, default: 'chat' })
  source!: MemberSource;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastContactAt!: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastPurchaseAt!: Date | null;

  /** Set when the member erased their data; the row stays only as an anonymous aggregate. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  erasedAt!: Date | null;

  /** Set from the service clock, not the database, so tests and the dev clock agree. */
  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
