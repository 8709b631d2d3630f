import { AppError, type ErrorCode } from '../shared/errors';
import type { Complaint } from './complaint.entity';

/** A rule of complaint handling said no; `reason` picks the staff member's chat wording. */
export class ComplaintRuleError extends AppError {
  constructor(code: ErrorCode, public readonly reason: string, message: string, details?: unknown) {
    super(code, message, details);
  }
}

export function assertNotClosed(c: Complaint): void {
  if (c.status === 'closed') throw new ComplaintRuleError('conflict', 'closed', `Complaint ${c.ticketNo} is closed`, { status: c.status });
}
