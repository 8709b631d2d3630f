import type { DataSource } from 'typeorm';
import type { ChatNotifier } from '../chat';
import { Member, MemberService } from '../members';
import type { TemplateLibrary } from '../shared/templates';
import { truncateChars } from '../shared/text';
import type { StaffService } from '../staff';
import type { OutboxMessage } from './outbox-message.entity';
import { occasionLabel } from './outbox-meta';

/** Tells the member's assistant (else the managers) that a send was interrupted and needs a look. */
export async function tellStaffToCheck(
  deps: { ds: DataSource; templates: TemplateLibrary; staff: StaffService; notifier: ChatNotifier },
  row: OutboxMessage,
): Promise<void> {
  const { templates, staff, notifier } = deps;
  const member = await deps.ds.getRepository(Member).findOneBy({ id: row.memberId });
  const text = templates.render('outbox.check_notice', {
    id: row.id,
    member: member ? MemberService.displayName(member) : `#${row.memberId}`,
    code: member?.code ?? '',
    occasion: occasionLabel(templates, row),
    text: truncateChars(row.text, 60),
  });
  const to = row.assistantId ? [row.assistantId] : (await staff.managers()).map((m) => m.id);
  let told = false;
  for (const id of to) told = (await notifier.toStaff(id, text)) || told;
  if (!told) {
    for (const m of await staff.managers()) if (!to.includes(m.id)) await notifier.toStaff(m.id, text);
  }
}
