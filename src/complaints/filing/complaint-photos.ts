import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { InboundFile } from '../../chat';
import type { Clock } from '../../shared/clock';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { ComplaintPhoto, ComplaintPhotoPart, PHOTO_PART_CHARS } from '../complaint-photo.entity';

export const MAX_PHOTOS = 9;
/** A WeChat photo is usually well under this; larger files are refused rather than bloating the database. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Who a stored photo belongs to: a ticket, or a chat draft (`member:<id>`) not yet filed. */
export interface PhotoOwner {
  complaintId: number | null;
  draftKey: string | null;
}

/** Photos sent with a complaint, stored in parts in the database (no file store to run). */
export class ComplaintPhotos {
  constructor(private readonly deps: { ds: DataSource; clock: Clock }) {}

  private get repo() {
    return this.deps.ds.getRepository(ComplaintPhoto);
  }

  check(file: InboundFile): void {
    const bytes = Math.floor((file.base64.length * 3) / 4);
    if (bytes > MAX_PHOTO_BYTES) throw new ValidationError('Photo too large', [{ path: 'photos', message: `at most ${MAX_PHOTO_BYTES} bytes` }]);
  }

  async store(em: EntityManager, owner: PhotoOwner, file: InboundFile): Promise<ComplaintPhoto> {
    const photo = await em.save(
      em.create(ComplaintPhoto, {
        complaintId: owner.complaintId,
        draftKey: owner.draftKey,
        name: (file.name || 'photo').slice(0, 128),
        mediaType: (file.mediaType || 'application/octet-stream').slice(0, 64),
        sizeBytes: Buffer.from(file.base64, 'base64').length,
        createdAt: this.deps.clock.now(),
      }),
    );
    for (let i = 0, part = 0; i < file.base64.length; i += PHOTO_PART_CHARS, part++) {
      await em.insert(ComplaintPhotoPart, { photoId: photo.id, part, data: file.base64.slice(i, i + PHOTO_PART_CHARS) });
    }
    return photo;
  }

  /** A photo sent while the complaint is still being written in chat; returns how many the draft has. */
  async addDraftPhoto(draftKey: string, file: InboundFile): Promise<{ stored: boolean; count: number; reason?: 'too_many' | 'too_large' }> {
    const count = await this.repo.countBy({ draftKey, complaintId: IsNull() });
    if (count >= MAX_PHOTOS) return { stored: false, count, reason: 'too_many' };
    try {
      this.check(file);
    } catch {
      return { stored: false, count, reason: 'too_large' };
    }
    await this.deps.ds.transaction((em) => this.store(em, { complaintId: null, draftKey }, file));
    return { stored: true, count: count + 1 };
  }

  async draftPhotoCount(draftKey: string): Promise<number> {
    return this.repo.countBy({ draftKey, complaintId: IsNull() });
  }

  async discardDraftPhotos(draftKey: string): Promise<void> {
    const photos = await this.repo.findBy({ draftKey, complaintId: IsNull() });
    if (!photos.length) return;
    await this.deps.ds.getRepository(ComplaintPhotoPart).delete({ photoId: In(photos.map((p) => p.id)) });
    await this.repo.delete({ id: In(photos.map((p) => p.id)) });
  }

  async ofComplaint(complaintId: number): Promise<ComplaintPhoto[]> {
    return this.repo.find({ where: { complaintId }, order: { id: 'ASC' } });
  }

  async photoData(complaintId: number, photoId: number): Promise<{ photo: ComplaintPhoto; data: Buffer }> {
    const photo = await this.repo.findOneBy({ id: photoId, complaintId });
    if (!photo) throw new NotFoundError('Photo not found');
    const parts = await this.deps.ds.getRepository(ComplaintPhotoPart).find({ where: { photoId }, order: { part: 'ASC' } });
    return { photo, data: Buffer.from(parts.map((p) => p.data).join(''), 'base64') };
  }
}
