import { In, type DataSource } from 'typeorm';
import { openComplaintsOf, type OpenComplaintFact } from '../../complaints';
import { Member, MemberService } from '../../members';
import { describeHold, occasionLabel, OutboxMessage, type DeliverySettings, type HoldFacts, type OutboxPreview } from '../../outbox';
import type { TemplateLibrary } from '../../shared/templates';

/** A draft decided before the list: delivery would not send it, so the assistant is not asked about it. */
export interface HeldDraft {
  row: OutboxMessage;
  reason: string;
  facts?: HoldFacts;
}

/** Reasons the assistant is not told about in the list: the member chose it, or is gone. */
const SILENT = new Set(['opted_out', 'member_gone']);
/** Held lines shown in one chat message; the rest are counted. */
const HELD_LINES = 15;

export interface DraftSettlingDeps {
  ds: DataSource;
  templates: TemplateLibrary;
  preview: OutboxPreview;
  holdSettings: Pick<DeliverySettings, 'timezone' | 'memberCap' | 'capWindowMs'>;
}

/**
 * Before drafts are offered, delivery's own rules decide them at their due time (opt-out, an open
 * complaint, the cap with the slots kept for occasions ahead, one message a member a day): what could not
 * be sent is recorded as skipped with the reason, so the list offers only what can go out, at most one a
 * member a day. Each member's drafts are decided most personal first, so the one that stays is the one
 * that would win at delivery.
 */
export async function settleDrafts(deps: DraftSettlingDeps, rows: OutboxMessage[], now: Date): Promise<HeldDraft[]> {
  const ordered = [...rows].sort((a, b) => a.memberId - b.memberId || a.priority - b.priority || a.id - b.id);
  const held: HeldDraft[] = [];
  const repo = deps.ds.getRepository(OutboxMessage);
  for (const row of ordered) {
    if (row.status !== 'draft') continue;
    const verdict = await deps.preview.preview(row, now);
    if (verdict.kind !== 'skip') continue;
    const r = await repo
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({ status: 'skipped', reason: verdict.reason, updatedAt: now })
      .where('id = :id', { id: row.id })
      .andWhere('status = :s', { s: 'draft' })
      .execute();
    if (!r.affected) continue;
    Object.assign(row, { status: 'skipped', reason: verdict.reason });
    if (!SILENT.has(verdict.reason)) held.push({ row, reason: verdict.reason, facts: verdict.facts });
  }
  return held;
}

/** The held drafts as lines for the assistant: who, which greeting, and why. */
export async function heldLines(deps: DraftSettlingDeps, held: HeldDraft[]): Promise<string[]> {
  if (!held.length) return [];
  const t = deps.templates;
  const members = await deps.ds.getRepository(Member).findBy({ id: In([...new Set(held.map((h) => h.row.memberId))]) });
  const byId = new Map(members.map((m) => [m.id, m]));
  const lines = [t.render('outbox.drafts.held_header')];
  for (const h of held.slice(0, HELD_LINES)) {
    const m = byId.get(h.row.memberId);
    lines.push(
      t.render('outbox.drafts.held_item', {
        member: m ? MemberService.displayName(m) : `#${h.row.memberId}`,
        occasion: occasionLabel(t, h.row),
        why: describeHold(t, deps.holdSettings, h.reason, h.facts),
      }),
    );
  }
  if (held.length > HELD_LINES) lines.push(t.render('outbox.drafts.held_more', { rest: held.length - HELD_LINES }));
  return lines;
}

/** Open complaints of the members of these rows: shown beside their drafts. */
export function complaintsBeside(ds: DataSource, rows: OutboxMessage[]): Promise<Map<number, OpenComplaintFact>> {
  return openComplaintsOf(
    ds,
    rows.map((r) => r.memberId),
  );
}
