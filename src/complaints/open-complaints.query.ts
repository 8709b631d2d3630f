import { In, type DataSource } from 'typeorm';
import { Complaint, type ComplaintStatus } from './complaint.entity';

/** A ticket still being handled: not yet resolved for the member. */
export const OPEN_COMPLAINT_STATUSES: readonly ComplaintStatus[] = ['open', 'in_progress'];

export interface OpenComplaintFact {
  memberId: number;
  ticketNo: string;
  status: ComplaintStatus;
  openedAt: Date;
}

/**
 * Members' open complaints (the newest open ticket of each), for modules that must read the room before a
 * cheerful greeting. One indexed query (idx_complaint_member) for a batch of members.
 */
export async function openComplaintsOf(ds: DataSource, memberIds: number[]): Promise<Map<number, OpenComplaintFact>> {
  const ids = [...new Set(memberIds)];
  const out = new Map<number, OpenComplaintFact>();
  if (!ids.length) return out;
  const rows = await ds.getRepository(Complaint).find({
    select: { memberId: true, ticketNo: true, status: true, createdAt: true },
    where: { memberId: In(ids), status: In([...OPEN_COMPLAINT_STATUSES]) },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  for (const r of rows) if (!out.has(r.memberId)) out.set(r.memberId, { memberId: r.memberId, ticketNo: r.ticketNo, status: r.status, openedAt: r.createdAt });
  return out;
}
