import type { Member } from '../../members';
import { MemberService } from '../../members';
import { NotFoundError } from '../../shared/errors';
import { appendEvent } from '../complaint-timeline';
import { Complaint } from '../complaint.entity';
import type { ComplaintsDeps } from '../complaints-deps';
import type { ComplaintQueries } from './complaint-queries';

export type ComplaintSatisfactionDeps = Pick<ComplaintsDeps, 'ds' | 'clock' | 'templates' | 'staff' | 'notifier'> & { queries: ComplaintQueries };

/** The member's answer to "满意吗" after a resolution. */
export class ComplaintSatisfaction {
  constructor(private readonly deps: ComplaintSatisfactionDeps) {}

  /** "满意吗": 1 closes the ticket; 2 reopens it and tells the assistant (a second chance). */
  async answer(member: Member, complaintId: number, satisfied: boolean): Promise<Complaint> {
    const c = await this.deps.queries.get(complaintId);
    if (c.memberId !== member.id) throw new NotFoundError('Complaint not found');
    const now = this.deps.clock.now();
    if (satisfied) {
      await this.deps.ds.transaction(async (em) => {
        await em.update(Complaint, { id: c.id }, { satisfied: true, status: c.status === 'resolved' ? 'closed' : c.status, closedAt: c.status === 'resolved' ? now : c.closedAt, updatedAt: now });
        await appendEvent(em, c, { actor: { kind: 'member', member }, type: 'satisfied', text: this.deps.templates.render('complaints.timeline.satisfied'), visibleToMember: true, at: this.deps.clock.now() });
      });
    } else {
      await this.reopen(member, c, this.deps.templates.render('complaints.timeline.not_satisfied'));
    }
    return this.deps.queries.get(c.id);
  }

  private async reopen(member: Member, c: Complaint, why: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, { satisfied: false, status: 'in_progress', resolvedAt: null, closedAt: null, reopenCount: c.reopenCount + 1, updatedAt: now });
      await appendEvent(em, c, { actor: { kind: 'member', member }, type: 'reopened', text: why, visibleToMember: true, at: this.deps.clock.now() });
    });
    const text = this.deps.templates.render('complaints.staff.reopened', { ticket: c.ticketNo, member: MemberService.displayName(member), code: member.code, why });
    const to = c.assistantId ? [c.assistantId] : (await this.deps.staff.managers()).map((m) => m.id);
    for (const id of to) await this.deps.notifier.toStaff(id, text);
  }
}
