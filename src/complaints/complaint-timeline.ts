import type { EntityManager } from 'typeorm';
import type { Member } from '../members';
import { MemberService } from '../members';
import type { Staff } from '../staff';
import { ComplaintEvent, type ComplaintEventType } from './complaint-event.entity';
import type { Complaint } from './complaint.entity';

/** Who did something to a ticket, as the timeline shows it. */
export type Actor = { kind: 'staff'; staff: Staff } | { kind: 'member'; member: Member } | { kind: 'system' };

export interface TimelineEntry {
  actor: Actor;
  type: ComplaintEventType | 'survey_skipped';
  text: string | null;
  visibleToMember?: boolean;
  at: Date;
}

/** One line on the ticket's timeline, written in the caller's transaction. */
export async function appendEvent(em: EntityManager, c: Complaint, e: TimelineEntry): Promise<void> {
  const { actor } = e;
  await em.insert(ComplaintEvent, {
    complaintId: c.id,
    type: e.type as ComplaintEventType,
    actorKind: actor.kind,
    actorId: actor.kind === 'staff' ? actor.staff.id : actor.kind === 'member' ? actor.member.id : null,
    actorName: actor.kind === 'staff' ? actor.staff.name : actor.kind === 'member' ? MemberService.displayName(actor.member).slice(0, 64) : '系统',
    text: e.text === null ? null : Array.from(e.text).slice(0, 4000).join(''),
    visibleToMember: e.visibleToMember ?? false,
    at: e.at,
  });
}

/** How a staff member signs what reaches the member. */
export const roleLabel = (s: Staff): string => (s.role === 'assistant' ? '导购' : s.role === 'manager' ? '店长' : '');
