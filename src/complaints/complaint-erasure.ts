import { In, IsNull, type DataSource } from 'typeorm';
import type { Clock } from '../shared/clock';
import { ComplaintDraft } from './complaint-draft.entity';
import { ComplaintEvent } from './complaint-event.entity';
import { ComplaintPhoto, ComplaintPhotoPart } from './complaint-photo.entity';
import { Complaint } from './complaint.entity';

/**
 * Right to erasure: the member's words and photos go; the tickets stay as anonymous rows (category,
 * times, breaches, scores) so the complaint reports still add up. Returns how many tickets were kept.
 */
export async function eraseComplaintsOfMember(deps: { ds: DataSource; clock: Clock }, memberId: number): Promise<number> {
  return deps.ds.transaction(async (em) => {
    const tickets = await em.find(Complaint, { where: { memberId }, select: { id: true } });
    const ids = tickets.map((t) => t.id);
    if (ids.length) {
      const photos = await em.find(ComplaintPhoto, { where: { complaintId: In(ids) }, select: { id: true } });
      if (photos.length) {
        await em.delete(ComplaintPhotoPart, { photoId: In(photos.map((p) => p.id)) });
        await em.delete(ComplaintPhoto, { id: In(photos.map((p) => p.id)) });
      }
      await em.update(ComplaintEvent, { complaintId: In(ids) }, { text: null });
      await em.update(Complaint, { id: In(ids) }, { description: '', orderNo: null, resolution: null, surveyComment: null, updatedAt: deps.clock.now() });
    }
    const draftPhotos = await em.find(ComplaintPhoto, { where: { draftKey: `member:${memberId}`, complaintId: IsNull() }, select: { id: true } });
    if (draftPhotos.length) {
      await em.delete(ComplaintPhotoPart, { photoId: In(draftPhotos.map((p) => p.id)) });
      await em.delete(ComplaintPhoto, { id: In(draftPhotos.map((p) => p.id)) });
    }
    await em.delete(ComplaintDraft, { memberId });
    return ids.length;
  });
}
