import { type EntityManager, In, IsNull, Not } from 'typeorm';
import { type AssignmentFollower, Member } from '../members';
import { Staff, type StaffService } from '../staff';
import type { ChatNotifier } from '../chat';
import type { TemplateLibrary } from '../shared/templates';
import type { Clock } from '../shared/clock';
import { appendEvent } from './complaint-timeline';
import { Complaint } from './complaint.entity';

export interface ComplaintAssignmentDeps {
  clock: Clock;
  templates: TemplateLibrary;
  staff: StaffService;
  notifier: ChatNotifier;
}

/**
 * Complaints' part of a reassignment or hand-over: a member's open tickets go to their new assistant,
 * and a leaving assistant's remaining tickets to each member's own assistant, or, when the member has
 * none, to the managers (a ticket without an assistant is theirs), who are told which ones.
 */
export function complaintAssignmentFollower(deps: ComplaintAssignmentDeps): AssignmentFollower {
  const t = deps.templates;
  /** Moves the tickets inside the transaction; returns who to tell of which tickets once committed. */
  const moveTickets = async (em: EntityManager, tickets: Complaint[], to: Staff | null, text: string): Promise<string[]> => {
    const moved: string[] = [];
    for (const c of tickets) {
      const r = await em.update(Complaint, { id: c.id, status: Not('closed'), assistantId: c.assistantId === null ? IsNull() : c.assistantId }, { assistantId: to?.id ?? null, updatedAt: deps.clock.now() });
      if (!r.affected) continue;
      await appendEvent(em, c, { actor: { kind: 'system' }, type: 'assigned', text, at: deps.clock.now() });
      moved.push(c.ticketNo);
    }
    return moved;
  };
  const tell = async (to: Staff, tickets: string[]) => {
    if (tickets.length) await deps.notifier.toStaff(to.id, t.render('complaints.staff.handed_to_you', { tickets: tickets.join('、'), first: tickets[0] }));
  };

  return {
    async moveFor(em, { memberIds, fromAssistantId, to }) {
      if (!memberIds.length) return;
      const tickets = await em.find(Complaint, {
        where: { memberId: In(memberIds), assistantId: fromAssistantId === null ? IsNull() : fromAssistantId, status: Not('closed') },
        order: { id: 'ASC' },
      });
      const moved = await moveTickets(em, tickets, to, t.render('complaints.timeline.follows_member', { to: to.name }));
      return () => tell(to, moved);
    },

    async releaseFrom(em, leaver) {
      const tickets = await em.find(Complaint, { where: { assistantId: leaver.id, status: Not('closed') }, order: { id: 'ASC' } });
      if (!tickets.length) return;
      const members = await em.find(Member, { select: { id: true, assistantId: true }, where: { id: In([...new Set(tickets.map((c) => c.memberId))]) } });
      const assistantOf = new Map(members.map((m) => [m.id, m.assistantId]));
      const ids = [...new Set(members.flatMap((m) => (m.assistantId && m.assistantId !== leaver.id ? [m.assistantId] : [])))];
      const active = new Map((await em.findBy(Staff, { id: In(ids), active: true })).map((s) => [s.id, s]));
      const toAssistant = new Map<Staff, Complaint[]>();
      const toManagers: Complaint[] = [];
      for (const c of tickets) {
        const target = active.get(assistantOf.get(c.memberId) ?? -1);
        if (target) toAssistant.set(target, [...(toAssistant.get(target) ?? []), c]);
        else toManagers.push(c);
      }
      const told: (() => Promise<void>)[] = [];
      for (const [to, list] of toAssistant) {
        const moved = await moveTickets(em, list, to, t.render('complaints.timeline.released', { from: leaver.name, to: to.name }));
        told.push(() => tell(to, moved));
      }
      const unassigned = await moveTickets(em, toManagers, null, t.render('complaints.timeline.released_to_managers', { from: leaver.name }));
      if (unassigned.length) {
        const text = t.render('complaints.staff.released_to_managers', { from: leaver.name, tickets: unassigned.join('、'), first: unassigned[0] });
        told.push(async () => {
          for (const m of await deps.staff.managers()) await deps.notifier.toStaff(m.id, text);
        });
      }
      return async () => {
        for (const run of told) await run();
      };
    },
  };
}
