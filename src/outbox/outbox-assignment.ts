import { type EntityManager, In, IsNull } from 'typeorm';
import { type AssignmentFollower, Member } from '../members';
import type { Clock } from '../shared/clock';
import type { TemplateLibrary } from '../shared/templates';
import { Staff } from '../staff';
import { OutboxMessage, type OutboxStatus } from './outbox-message.entity';
import { resignText } from './resign';

/** Rows still waiting on someone: drafts for the morning list, approved greetings, interrupted sends to check. */
const OPEN: OutboxStatus[] = ['draft', 'queued', 'check'];
/** Texts not yet sent, which the new assistant signs; a row to check may have gone out as it is. */
const UNSENT: OutboxStatus[] = ['draft', 'queued'];

/**
 * The outbox's part of a reassignment or hand-over: a member's open rows go to their new assistant (so
 * the morning list, `/admin/care/drafts*` and `/admin/outbox/*` follow at once), signed by them.
 */
export function outboxAssignmentFollower({ templates, clock }: { templates: TemplateLibrary; clock: Clock }): AssignmentFollower {
  const moveRows = async (em: EntityManager, rows: OutboxMessage[], to: Staff | null, now: Date) => {
    const names = new Map((await em.findBy(Staff, { id: In([...new Set(rows.flatMap((r) => (r.assistantId ? [r.assistantId] : [])))]) })).map((s) => [s.id, s.name]));
    for (const r of rows) {
      const set: Partial<OutboxMessage> = { assistantId: to?.id ?? null, updatedAt: now };
      if (to && UNSENT.includes(r.status)) set.text = resignText(templates, r.text, r.assistantId ? (names.get(r.assistantId) ?? null) : null, to.name);
      // Only while the row is still open: a dispatcher that claimed it meanwhile keeps it.
      await em.update(OutboxMessage, { id: r.id, status: r.status }, set);
    }
  };
  return {
    async moveFor(em, { memberIds, fromAssistantId, to }) {
      if (!memberIds.length) return;
      const rows = await em.find(OutboxMessage, {
        where: { memberId: In(memberIds), assistantId: fromAssistantId === null ? IsNull() : fromAssistantId, status: In(OPEN) },
        order: { id: 'ASC' },
      });
      await moveRows(em, rows, to, clock.now());
    },
    async releaseFrom(em, leaver) {
      const rows = await em.find(OutboxMessage, { where: { assistantId: leaver.id, status: In(OPEN) }, order: { id: 'ASC' } });
      if (!rows.length) return;
      const members = await em.find(Member, { select: { id: true, assistantId: true }, where: { id: In([...new Set(rows.map((r) => r.memberId))]) } });
      const assistantOf = new Map(members.map((m) => [m.id, m.assistantId]));
      const ids = [...new Set(members.flatMap((m) => (m.assistantId && m.assistantId !== leaver.id ? [m.assistantId] : [])))];
      const active = new Map((await em.findBy(Staff, { id: In(ids), active: true })).map((s) => [s.id, s]));
      const byTarget = new Map<Staff | null, OutboxMessage[]>();
      for (const r of rows) {
        // The member's own assistant; without one, the rows are unassigned (the first manager's list).
        const target = active.get(assistantOf.get(r.memberId) ?? -1) ?? null;
        byTarget.set(target, [...(byTarget.get(target) ?? []), r]);
      }
      for (const [target, list] of byTarget) await moveRows(em, list, target, clock.now());
    },
  };
}
