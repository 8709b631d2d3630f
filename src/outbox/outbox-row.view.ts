import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Member } from '../members';
import { MemberService } from '../members';
import { NotFoundError } from '../shared/errors';
import { formatStoreTime } from '../shared/store-time';
import type { TemplateLibrary } from '../shared/templates';
import type { Staff } from '../staff';
import { OutboxMessage } from './outbox-message.entity';
import { occasionLabel } from './outbox-meta';

/** An outbox row as staff see it over HTTP (drafts of the morning list, messages to check). */
export const outboxRowSchema = z
  .object({
    id: z.number().int(),
    no: z.number().int().nullable().describe('Number in the staff member’s chat list today, if listed'),
    memberId: z.number().int(),
    memberCode: z.string().nullable(),
    memberName: z.string().nullable(),
    assistantId: z.number().int().nullable(),
    occasion: z.string(),
    occasionLabel: z.string(),
    occasionDate: z.string(),
    text: z.string(),
    status: z.enum(['draft', 'queued', 'sending', 'sent', 'skipped', 'failed', 'check']),
    needsApproval: z.boolean(),
    dueAt: z.string(),
    reason: z.string().nullable(),
    decidedBy: z.number().int().nullable(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'CareDraft' });

export type OutboxRowView = z.infer<typeof outboxRowSchema>;

export function outboxRowView(templates: TemplateLibrary, timezone: string, r: OutboxMessage, member: Member | null, no: number | null = null): OutboxRowView {
  return {
    id: r.id,
    no,
    memberId: r.memberId,
    memberCode: member?.code ?? null,
    memberName: member ? MemberService.displayName(member) : null,
    assistantId: r.assistantId,
    occasion: r.occasion,
    occasionLabel: occasionLabel(templates, r),
    occasionDate: r.occasionDate,
    text: r.text,
    status: r.status,
    needsApproval: r.needsApproval,
    dueAt: formatStoreTime(r.dueAt, timezone, 'YYYY-MM-DDTHH:mm:ssZ'),
    reason: r.reason,
    decidedBy: r.decidedBy,
    sentAt: r.sentAt ? formatStoreTime(r.sentAt, timezone, 'YYYY-MM-DDTHH:mm:ssZ') : null,
  };
}

/** Rows a staff member may decide: assistants their members', managers all (the routes keep admins out). */
export async function visibleOutboxRow(ds: DataSource, staff: Staff, id: number): Promise<OutboxMessage> {
  const row = await ds.getRepository(OutboxMessage).findOneBy({ id });
  if (!row || (staff.role === 'assistant' && row.assistantId !== staff.id)) throw new NotFoundError('Draft not found');
  return row;
}
