import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A photo sent with a complaint. Kept in the database (portable across instances), split into parts
 * of at most PHOTO_PART_CHARS base64 characters so each fits a plain TEXT column on MySQL.
 * `complaintId` is null while the complaint is still a draft (`draftKey` names the member).
 */
@Entity('complaint_photo')
@Index('idx_complaint_photo_ticket', ['complaintId'])
@Index('idx_complaint_photo_draft', ['draftKey'])
export class ComplaintPhoto {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int', nullable: true })
  complaintId!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  draftKey!: string | null;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  mediaType!: string;

  @Column({ type: 'int' })
  sizeBytes!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}

export const PHOTO_PART_CHARS = 60_000;

@Entity('complaint_photo_part')
@Index('idx_complaint_photo_part', ['photoId', 'part'], { unique: true })
export class ComplaintPhotoPart {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  photoId!: number;

  @Column({ type: 'int' })
  part!: number;

  @Column({ type: 'text' })
  data!: string;
}
