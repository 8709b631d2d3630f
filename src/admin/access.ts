import type { Member } from '../members/member.entity';
import { ForbiddenError } from '../shared/errors';
import type { Staff } from '../staff/staff.entity';

/** Managers see the whole store; an assistant sees the members they look after. */
export function canReachMember(staff: Staff, member: Pick<Member, 'assistantId'>): boolean {
  if (staff.role === 'manager') return true;
  return staff.role === 'assistant' && member.assistantId === staff.id;
}

export function assertCanReachMember(staff: Staff, member: Pick<Member, 'assistantId'>): void {
  if (!canReachMember(staff, member)) throw new ForbiddenError('This member is looked after by another assistant');
}
