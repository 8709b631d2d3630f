import type { Occasion } from './outbox.port';

/** An occasion the member will get later, known ahead: its slot in the member's budget is kept. */
export interface UpcomingOccasion {
  occasion: Occasion;
  /** When its message will be due. */
  at: Date;
}

/** The member's open complaint, as delivery needs it. */
export interface OpenComplaintNote {
  ticketNo: string;
  openedAt: Date;
}

/** A row held past its day, as the care module needs it to write the text for the day it goes out. */
export interface BelatedRow {
  memberId: number;
  occasion: Occasion;
  occasionDate: string;
  templateVariant: number | null;
}

/**
 * What delivery needs to know of a member from the modules built on the outbox (care implements it and
 * the composition root passes it in): occasions known ahead, an open complaint, and texts for a late day.
 */
export interface MemberOutlook {
  /** The member's occasions due in [from, to) known ahead: birthday, festivals and targeted festivals they will get. */
  upcoming(memberId: number, from: Date, to: Date): Promise<UpcomingOccasion[]>;
  /** The member's open complaint (open or in progress), if any. */
  openComplaint(memberId: number): Promise<OpenComplaintNote | null>;
  /** The text of a row rewritten for `sendDay` (e.g. 昨天是您的生日), or null when the occasion no longer fits. */
  belatedText(row: BelatedRow, sendDay: string): Promise<string | null>;
}
