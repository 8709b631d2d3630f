import { IsNull } from 'typeorm';
import { MemberService } from '../../members';
import { ValidationError } from '../../shared/errors';
import { truncateChars } from '../../shared/text';
import type { Staff } from '../../staff';
import { assertNotClosed, ComplaintRuleError } from '../complaint-errors';
import { appendEvent, roleLabel } from '../complaint-timeline';
import { Complaint } from '../complaint.entity';
import type { ComplaintsDeps } from '../complaints-deps';
import type { ComplaintQueries } from './complaint-queries';

/** The dialog that asks "满意吗" after a resolution (see chat/answer-dialogs.ts). */
export const SATISFACTION_DIALOG = 'complaint-satisfaction';

const SAVED_REPLY_PREFIX = 'complaints.saved-replies.';

export type ComplaintHandlingDeps = Pick<ComplaintsDeps, 'ds' | 'clock' | 'templates' | 'members' | 'notifier' | 'dialogs' | 'storeName' | 'touches'> & {
  queries: ComplaintQueries;
};

/** What staff do with a ticket: acknowledge, reply, hand over, tag the root cause, resolve. */
export class ComplaintHandling {
  constructor(private readonly deps: ComplaintHandlingDeps) {}

  private get t() {
    return this.deps.templates;
  }

  /** A person has seen the ticket and is on it: stops the 1-hour clock. */
  async acknowledge(staff: Staff, c: Complaint): Promise<{ already: boolean }> {
    await this.deps.queries.assertHandles(staff, c);
    assertNotClosed(c);
    if (c.acknowledgedAt) return { already: true };
    const now = this.deps.clock.now();
    await this.deps.ds.transaction(async (em) => {
      const r = await em.update(Complaint, { id: c.id, acknowledgedAt: IsNull() }, { acknowledgedAt: now, acknowledgedBy: staff.id, status: c.status === 'open' ? 'in_progress' : c.status, updatedAt: now });
      if (r.affected) {
        await appendEvent(em, c, { actor: { kind: 'staff', staff }, type: 'acknowledged', text: this.t.render('complaints.timeline.acknowledged', { staff: staff.name }), visibleToMember: true, at: this.deps.clock.now() });
      }
    });
    await this.deps.notifier.toMember(c.memberId, this.t.render('complaints.member.acknowledged', { ticket: c.ticketNo, staff: staff.name, role: roleLabel(staff) }));
    Object.assign(c, await this.deps.queries.get(c.id));
    return { already: false };
  }

  /** Text that reaches the member signed by the staff member; a reply is also the first real answer. */
  async reply(staff: Staff, c: Complaint, text: string): Promise<{ delivered: boolean }> {
    await this.deps.queries.assertHandles(staff, c);
    assertNotClosed(c);
    const body = text.trim();
    if (!body) throw new ValidationError('The reply is empty', [{ path: 'text', message: 'required' }]);
    const outcome = await this.deps.notifier.sendToMember(
      c.memberId,
      this.t.render('complaints.member.staff_reply', { text: body, staff: staff.name, role: roleLabel(staff), ticket: c.ticketNo }),
    );
    const delivered = outcome.status === 'sent';
    const now = this.deps.clock.now();
    await this.deps.ds.transaction(async (em) => {
      // An unclear send is not "not delivered": the member may have it, so staff check before resending.
      const logged = delivered
        ? body
        : outcome.status === 'unknown'
          ? `${body}\n（送达不明：微信没有确认，请先向顾客确认，再决定是否重发）`
          : `${body}\n（未送达：顾客暂时无法通过微信联系）`;
      await appendEvent(em, c, { actor: { kind: 'staff', staff }, type: 'reply', text: logged, visibleToMember: delivered, at: this.deps.clock.now() });
      await em.update(Complaint, { id: c.id, acknowledgedAt: IsNull() }, { acknowledgedAt: now, acknowledgedBy: staff.id });
      if (delivered) await em.update(Complaint, { id: c.id, firstAnsweredAt: IsNull() }, { firstAnsweredAt: now });
      await em.update(Complaint, { id: c.id, status: 'open' }, { status: 'in_progress' });
      await em.update(Complaint, { id: c.id }, { updatedAt: now });
    });
    if (delivered) await this.deps.touches?.record({ memberId: c.memberId, staffId: staff.id, kind: 'complaint_reply', at: now });
    Object.assign(c, await this.deps.queries.get(c.id));
    return { delivered };
  }

  /** Renders a saved reply (`/退换政策`) for a ticket; null when there is no such name. */
  async savedReply(name: string, c: Complaint, staff: Staff): Promise<string | null> {
    const key = `${SAVED_REPLY_PREFIX}${name.replace(/^\//, '').trim()}`;
    if (!this.t.has(key)) return null;
    const member = await this.deps.members.repo.findOneBy({ id: c.memberId });
    return this.t.render(key, { member: member ? MemberService.displayName(member) : '您', staff: staff.name, ticket: c.ticketNo, store: this.deps.storeName });
  }

  savedReplyNames(): string[] {
    return this.t.keys().filter((k) => k.startsWith(SAVED_REPLY_PREFIX)).map((k) => k.slice(SAVED_REPLY_PREFIX.length));
  }

  async assign(staff: Staff, c: Complaint, to: Staff): Promise<void> {
    if (staff.role === 'assistant' && c.assistantId !== staff.id) throw new ComplaintRuleError('forbidden', 'assign_not_allowed', 'Only the manager or the assistant handling the ticket may hand it over');
    assertNotClosed(c);
    if (!to.active || (to.role !== 'assistant' && to.role !== 'manager')) throw new ComplaintRuleError('validation_failed', 'bad_assignee', 'Can only hand a ticket to an active assistant or manager', [{ path: 'staffId', message: 'an active assistant or manager' }]);
    if (c.assistantId === to.id) throw new ComplaintRuleError('conflict', 'same_assignee', `${to.name} already handles ${c.ticketNo}`);
    await this.deps.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, { assistantId: to.id, updatedAt: this.deps.clock.now() });
      await appendEvent(em, c, { actor: { kind: 'staff', staff }, type: 'assigned', text: this.t.render('complaints.timeline.assigned', { to: to.name }), at: this.deps.clock.now() });
    });
    c.assistantId = to.id;
    const member = await this.deps.members.get(c.memberId);
    await this.deps.notifier.toStaff(to.id, this.t.render('complaints.staff.assigned_to_you', {
      ticket: c.ticketNo,
      from: staff.name,
      member: MemberService.displayName(member),
      code: member.code,
      category: this.deps.queries.categoryLabel(c.category),
      summary: truncateChars(c.description, 80),
    }), { about: member });
  }

  async setRootCause(staff: Staff, c: Complaint, cause: string): Promise<void> {
    await this.deps.queries.assertHandles(staff, c);
    const value = Array.from(cause.trim()).slice(0, 32).join('');
    if (!value) throw new ValidationError('The root cause is empty', [{ path: 'rootCause', message: 'required' }]);
    await this.deps.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, { rootCause: value, updatedAt: this.deps.clock.now() });
      await appendEvent(em, c, { actor: { kind: 'staff', staff }, type: 'root_cause', text: value, at: this.deps.clock.now() });
    });
    c.rootCause = value;
  }

  /** Staff say what was done; the member is told and asked "满意吗". */
  async resolve(staff: Staff, c: Complaint, resolution: string): Promise<{ delivered: boolean }> {
    await this.deps.queries.assertHandles(staff, c);
    assertNotClosed(c);
    if (c.status === 'resolved') throw new ComplaintRuleError('conflict', 'already_resolved', `Complaint ${c.ticketNo} is already resolved`, { status: c.status });
    const text = resolution.trim();
    if (!text) throw new ValidationError('Say what was done', [{ path: 'resolution', message: 'required' }]);
    const now = this.deps.clock.now();
    const delivered = await this.deps.notifier.toMember(
      c.memberId,
      this.t.render('complaints.member.resolved', { ticket: c.ticketNo, text, staff: staff.name, role: roleLabel(staff) }),
    );
    await this.deps.ds.transaction(async (em) => {
      await em.update(Complaint, { id: c.id }, {
        status: 'resolved',
        resolution: text,
        resolvedAt: now,
        firstResolvedAt: c.firstResolvedAt ?? now,
        acknowledgedAt: c.acknowledgedAt ?? now,
        acknowledgedBy: c.acknowledgedBy ?? staff.id,
        firstAnsweredAt: c.firstAnsweredAt ?? (delivered ? now : null),
        satisfied: null,
        updatedAt: now,
      });
      await appendEvent(em, c, { actor: { kind: 'staff', staff }, type: 'resolved', text, visibleToMember: true, at: this.deps.clock.now() });
    });
    Object.assign(c, await this.deps.queries.get(c.id));
    if (delivered) {
      const subjectKey = `member:${c.memberId}`;
      const current = await this.deps.dialogs.load(subjectKey);
      // Never cut into something the member is in the middle of; the survey asks again later.
      if (current.state !== 'active') await this.deps.dialogs.start(subjectKey, SATISFACTION_DIALOG, 'ask', { ticketId: c.id });
    }
    return { delivered };
  }
}
