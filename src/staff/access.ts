import { ForbiddenError } from '../shared/errors';

/** Whose members a record belongs to: only the assistant matters for access. */
export interface AssignedToAssistant {
  assistantId: number | null;
}

/** Managers see the whole store; an assistant sees the members they look after; admins see no member data. */
export function canReachMember(staff: { id: number; role: string }, member: AssignedToAssistant): boolean {
  if (staff.role === 'manager') return true;
  return staff.role === 'assistant' && member.assistantId === staff.id;
}

export function assertCanReachMember(staff: { id: number; role: string }, member: AssignedToAssistant): void {
  if (!canReachMember(staff, member)) throw new ForbiddenError('This member is looked after by another assistant');
}
