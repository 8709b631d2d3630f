/**
 * The member's value as delivery orders a day that does not fit the account's ceiling: a rank, lower is
 * more valuable (DOMAIN.md's 80/20: the top members first). Loyalty knows tiers and RFM segments and
 * implements it; the composition root passes it in. Without it every row ranks 0 (row order as before).
 */
export interface MemberValue {
  /** The rank of each member asked for (members it does not know may be left out: they rank last). */
  valueRanks(memberIds: readonly number[]): Promise<ReadonlyMap<number, number>>;
}

/** The rank of a member the ranking does not know: after every known one. */
export const UNKNOWN_VALUE_RANK = 999;
