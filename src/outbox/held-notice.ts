import type { DataSource } from 'typeorm';
import type { ChatNotifier } from '../chat';
import { Member, MemberService } from '../members';
import { storeDate } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import type { StaffService } from '../staff';
import type { HoldFacts } from './dispatch-verdict';
import type { OutboxMessage } from './outbox-message.entity';
import { occasionLabel } from './outbox-meta';
import type { DeliverySettings } from './outbox-rules';

/** Reasons an assistant hears about at once: the budget, an open complaint. Others only if they approved the row. */
const ALWAYS_TOLD = /^(frequency_cap|reserved:|open_complaint$)/;
/** Reasons nobody needs telling about: the member chose it, or is gone. */
const NEVER_TOLD = new Set(['opted_out', 'member_gone', 'skipped_by_assistant']);

export function worthTelling(row: Pick<OutboxMessage, 'decidedBy'>, reason: string): boolean {
  if (NEVER_TOLD.has(reason)) return false;
  return ALWAYS_TOLD.test(reason) || row.decidedBy !== null;
}

/** Why a message was held back, in words for the assistant (e.g. 要把名额留给 4月20日 的生日祝福). */
export function describeHold(templates: TemplateLibrary, settings: Pick<DeliverySettings, 'timezone' | 'memberCap' | 'capWindowMs'>, reason: string, facts: HoldFacts = {}): string {
  const [kind, detail] = reason.split(':');
  const budget = { cap: settings.memberCap, days: Math.round(settings.capWindowMs / 86_400_000) };
  const occasionWord = (o: string) => (templates.has(`outbox.occasion.${o}`) ? templates.render(`outbox.occasion.${o}`) : o);
  if (kind === 'reserved') {
    const d = facts.heldFor ? storeDate(facts.heldFor.at, settings.timezone) : null;
    return templates.render('outbox.held.why.reserved', { ...budget, date: d ? `${d.month}月${d.day}日` : '', occasion: occasionWord(detail) });
  }
  if (kind === 'collision') return templates.render('outbox.held.why.collision', { occasion: occasionWord(detail) });
  if (kind === 'frequency_cap') return templates.render('outbox.held.why.frequency_cap', budget);
  if (kind === 'open_complaint') return templates.render('outbox.held.why.open_complaint', { ticket: facts.ticketNo ?? '' });
  if (reason === 'expired:day_passed') return templates.render('outbox.held.why.day_passed');
  if (reason === 'expired') return templates.render('outbox.held.why.expired');
  return templates.render('outbox.held.why.other', { reason });
}

/** Tells the member's assistant (else the managers) at once that a message was held back, and why. */
export async function tellStaffHeldBack(
  deps: { ds: DataSource; templates: TemplateLibrary; staff: StaffService; notifier: ChatNotifier; settings: DeliverySettings },
  row: OutboxMessage,
  reason: string,
  facts?: HoldFacts,
): Promise<void> {
  if (!worthTelling(row, reason)) return;
  const { templates, staff, notifier } = deps;
  const member = await deps.ds.getRepository(Member).findOneBy({ id: row.memberId });
  const text = templates.render('outbox.held.notice', {
    member: member ? MemberService.displayName(member) : `#${row.memberId}`,
    occasion: occasionLabel(templates, row),
    why: describeHold(templates, deps.settings, reason, facts),
  });
  const to = row.assistantId ? [row.assistantId] : (await staff.managers()).map((m) => m.id);
  for (const id of to) await notifier.toStaff(id, text);
}
