import { In, IsNull, Not, type EntityManager } from 'typeorm';
import type { PersonalDataHolder } from '../members';
import type { Clock } from '../shared/clock';
import type { TemplateLibrary } from '../shared/templates';
import { ComplaintDraft } from './complaint-draft.entity';
import { ComplaintEvent } from './complaint-event.entity';
import { ComplaintPhoto, ComplaintPhotoPart } from './complaint-photo.entity';
import { appendEvent } from './complaint-timeline';
import { Complaint } from './complaint.entity';

export interface ComplaintErasureDeps {
  clock: Clock;
  templates: TemplateLibrary;
}

/**
 * Right to erasure: the member's words and photos go, and their name leaves the timeline; the tickets
 * stay as anonymous rows (category, times, breaches, scores) so the complaint reports still add up. A
 * ticket still open is closed: nobody can reach the member any more, so no deadline runs for it.
 * Runs in the caller's transaction; returns how many tickets were kept.
 */
export async function eraseComplaintsOfMember(em: EntityManager, deps: ComplaintErasureDeps, memberId: number): Promise<number> {
  const now = deps.clock.now();
  const tickets = await em.find(Complaint, { where: { memberId }, select: { id: true, status: true } });
  const ids = tickets.map((t) => t.id);
  if (ids.length) {
    const photos = await em.find(ComplaintPhoto, { where: { complaintId: In(ids) }, select: { id: true } });
    if (photos.length) {
      await em.delete(ComplaintPhotoPart, { photoId: In(photos.map((p) => p.id)) });
      await em.delete(ComplaintPhoto, { id: In(photos.map((p) => p.id)) });
    }
    await em.update(ComplaintEvent, { complaintId: In(ids) }, { text: null });
    await em.update(ComplaintEvent, { complaintId: In(ids), actorKind: 'member' }, { actorName: deps.templates.render('complaints.timeline.erased_member') });
    await em.update(Complaint, { id: In(ids) }, { description: '', orderNo: null, resolution: null, surveyComment: null, updatedAt: now });
    for (const t of tickets.filter((c) => c.status !== 'closed')) {
      const r = await em.update(Complaint, { id: t.id, status: Not('closed') }, { status: 'closed', closedAt: now, updatedAt: now });
      // No text: the timeline of an erased member's ticket carries no words at all.
      if (r.affected) await appendEvent(em, t, { actor: { kind: 'system' }, type: 'closed', text: null, at: now });
    }
  }
  const draftPhotos = await em.find(ComplaintPhoto, { where: { draftKey: `member:${memberId}`, complaintId: IsNull() }, select: { id: true } });
  if (draftPhotos.length) {
    await em.delete(ComplaintPhotoPart, { photoId: In(draftPhotos.map((p) => p.id)) });
    await em.delete(ComplaintPhoto, { id: In(draftPhotos.map((p) => p.id)) });
  }
  await em.delete(ComplaintDraft, { memberId });
  return ids.length;
}

/** Complaints' part of a member's erasure: inside the erasure transaction, so nothing is half-erased. */
export function complaintsPersonalData(deps: ComplaintErasureDeps): PersonalDataHolder {
  return {
    async erase(em, { memberId }) {
      await eraseComplaintsOfMember(em, deps, memberId);
    },
  };
}
