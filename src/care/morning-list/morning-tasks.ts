/**
 * People to get in touch with, added below the morning list's drafts: the VIP visit plan and at-risk
 * members (loyalty implements it; care sits above loyalty but takes only this shape from the root).
 */
export interface MorningTaskSource {
  /** Staff who may have tasks today (the list goes to them even without drafts). */
  staffWithTasks(now: Date): Promise<number[]>;
  /** Rendered lines for this staff member's list; empty when nothing is due. */
  morningLines(staffId: number, now: Date): Promise<string[]>;
}
