import type { DialogEngine, MemberChatContext } from '../../chat';
import { formatStoreTime } from '../../shared/store-time';
import type { TemplateLibrary } from '../../shared/templates';
import type { StaffService } from '../../staff';
import type { ComplaintService } from '../complaint.service';
import type { Complaint } from '../complaint.entity';

/** What the complaints chat words and dialogs are given. */
export interface ComplaintChatDeps {
  complaints: ComplaintService;
  templates: TemplateLibrary;
  dialogs: DialogEngine<MemberChatContext>;
  staff: StaffService;
  timezone: string;
  draftTtlMinutes: number;
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
}

/** One ticket on one line, as members and staff see it in lists. */
export function ticketLine(deps: ComplaintChatDeps, c: Complaint): string {
  const q = deps.complaints.queries;
  return `${c.ticketNo} ${q.statusLabel(c.status)} · ${q.categoryLabel(c.category)} · ${formatStoreTime(c.createdAt, deps.timezone, 'M月D日')}`;
}
