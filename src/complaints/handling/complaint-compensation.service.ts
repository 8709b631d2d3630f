import { MemberService } from '../../members';
import { truncateChars } from '../../shared/text';
import type { Staff } from '../../staff';
import { ComplaintCompensation, type CompensationLevel } from '../complaint-compensation.entity';
import { assertNotClosed, ComplaintRuleError } from '../complaint-errors';
import { classifyCompensation, describeCompensation, type CompensationRequest } from '../complaint-parsing';
import { appendEvent, roleLabel } from '../complaint-timeline';
import { Complaint } from '../complaint.entity';
import type { ComplaintsDeps } from '../complaints-deps';
import type { ComplaintQueries } from './complaint-queries';

export type CompensationOutcome = { status: 'granted' | 'pending'; compensation: ComplaintCompensation; level: CompensationLevel };

export type ComplaintCompensationDeps = Pick<ComplaintsDeps, 'ds' | 'clock' | 'templates' | 'members' | 'staff' | 'notifier' | 'minorMaxYuan' | 'mediumMaxYuan'> & {
  queries: ComplaintQueries;
};

/** Compensation by level, and a manager's approval where the level asks for it. */
export class ComplaintCompensations {
  constructor(private readonly deps: ComplaintCompensationDeps) {}

  private get t() {
    return this.deps.templates;
  }

  /**
   * DOMAIN.md: minor (coupon up to the minor limit) by any assistant; medium (exchange, or a coupon up
   * to the medium limit) with a note; severe (refund, extra, or more) needs a manager's approval,
   * which the bot asks the manager(s) for in chat.
   */
  async compensate(staff: Staff, c: Complaint, req: CompensationRequest): Promise<CompensationOutcome> {
    await this.deps.queries.assertHandles(staff, c);
    assertNotClosed(c);
    const level = classifyCompensation(req, { minorMaxYuan: this.deps.minorMaxYuan, mediumMaxYuan: this.deps.mediumMaxYuan });
    if (level !== 'minor' && !req.note) {
      throw new ComplaintRuleError('validation_failed', 'note_required', 'A note is required for this compensation', [{ path: 'note', message: `required for ${level} compensation` }]);
    }
    const needsApproval = level === 'severe' && staff.role === 'assistant';
    const now = this.deps.clock.now();
    const what = describeCompensation(req);
    const comp = await this.deps.ds.transaction(async (em) => {
      const row = await em.save(
        em.create(ComplaintCompensation, {
          complaintId: c.id,
          level,
          exchange: req.exchange,
          couponFen: req.couponFen,
          refundFen: req.refundFen,
          extraFen: req.extraFen,
          note: req.note,
          status: needsApproval ? 'pending' : 'granted',
          requestedBy: staff.id,
          decidedBy: needsApproval ? null : staff.id,
          decidedAt: needsApproval ? null : now,
          decisionNote: null,
          createdAt: now,
        }),
      );
      await appendEvent(em, c, {
        actor: { kind: 'staff', staff },
        type: needsApproval ? 'compensation_requested' : 'compensation_granted',
        text: [what, req.note].filter(Boolean).join('；'),
        visibleToMember: !needsApproval,
        at: this.deps.clock.now(),
      });
      await em.update(Complaint, { id: c.id }, { updatedAt: now });
      return row;
    });
    if (needsApproval) {
      const member = await this.deps.members.get(c.memberId);
      const text = this.t.render('complaints.staff.approval_request', {
        ticket: c.ticketNo,
        staff: staff.name,
        member: MemberService.displayName(member),
        code: member.code,
        what,
        note: req.note,
        summary: truncateChars(c.description, 80),
      });
      for (const m of await this.deps.staff.managers()) await this.deps.notifier.toStaff(m.id, text);
    } else {
      await this.deps.notifier.toMember(c.memberId, this.t.render('complaints.member.compensation', { ticket: c.ticketNo, what, staff: staff.name, role: roleLabel(staff) }));
    }
    return { status: needsApproval ? 'pending' : 'granted', compensation: comp, level };
  }

  /** A manager decides a pending compensation (the latest one unless an id is given). */
  async decide(manager: Staff, c: Complaint, approve: boolean, note: string | null, compensationId?: number): Promise<ComplaintCompensation> {
    if (manager.role !== 'manager') throw new ComplaintRuleError('forbidden', 'manager_only', 'Only a manager may approve or reject compensation');
    const repo = this.deps.ds.getRepository(ComplaintCompensation);
    const pending = compensationId
      ? await repo.findOneBy({ id: compensationId, complaintId: c.id })
      : await repo.findOne({ where: { complaintId: c.id, status: 'pending' }, order: { id: 'DESC' } });
    if (!pending) throw new ComplaintRuleError('not_found', 'nothing_pending', `No compensation waiting for approval on ${c.ticketNo}`);
    if (pending.status !== 'pending') throw new ComplaintRuleError('conflict', 'already_decided', 'This compensation was already decided', { status: pending.status });
    const now = this.deps.clock.now();
    const what = describeCompensation(pending);
    await this.deps.ds.transaction(async (em) => {
      const r = await em.update(ComplaintCompensation, { id: pending.id, status: 'pending' }, { status: approve ? 'granted' : 'rejected', decidedBy: manager.id, decidedAt: now, decisionNote: note });
      // Another manager decided it in the same instant.
      if (!r.affected) throw new ComplaintRuleError('conflict', 'already_decided', 'This compensation was already decided');
      await appendEvent(em, c, {
        actor: { kind: 'staff', staff: manager },
        type: approve ? 'compensation_approved' : 'compensation_rejected',
        text: [what, note].filter(Boolean).join('；'),
        visibleToMember: approve,
        at: this.deps.clock.now(),
      });
    });
    Object.assign(pending, await repo.findOneByOrFail({ id: pending.id }));
    if (approve) {
      await this.deps.notifier.toMember(c.memberId, this.t.render('complaints.member.compensation', { ticket: c.ticketNo, what, staff: manager.name, role: roleLabel(manager) }));
    }
    if (pending.requestedBy !== manager.id) {
      await this.deps.notifier.toStaff(pending.requestedBy, this.t.render(approve ? 'complaints.staff.approved' : 'complaints.staff.rejected', { ticket: c.ticketNo, what, manager: manager.name, note }));
    }
    return pending;
  }
}
