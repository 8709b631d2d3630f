import { AuditEntry } from '../audit/audit-entry.entity';
import { MemberNote } from './member-note.entity';
import { MemberTag } from './member-tag.entity';

/** Entities of the staff API (admin, audit). */
export const staffApiEntities = [AuditEntry, MemberTag, MemberNote];
