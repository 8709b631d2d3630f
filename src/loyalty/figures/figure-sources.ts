// What loyalty adds to an assistant's monthly figures. VIP visit plans and referrals are built in other
// work: their figures are declared here and answer null ("not available yet") until the root wires them.

/** Store months are `YYYY-MM`; each answer maps assistant id → figure, or null when not available yet. */
export interface VipPlanFigures {
  /** Share (0–1) of the assistant's VIP members who got their planned touches that month. */
  vipPlanCompletion(month: string): Promise<ReadonlyMap<number, number> | null>;
}

export interface ReferralFigures {
  /** Referrals by the assistant's members that succeeded (the friend's first purchase) that month. */
  successfulReferrals(month: string): Promise<ReadonlyMap<number, number> | null>;
}

/** Members who removed the store (lost), by their assistant, beyond erasures (which reports count itself). */
export interface LostMemberFigures {
  membersLost(month: string): Promise<ReadonlyMap<number, number> | null>;
}

/** "Not available yet": the figure shows as null in the API and as 暂未统计 in chat. */
export const notYetAvailable: VipPlanFigures & ReferralFigures & LostMemberFigures = {
  vipPlanCompletion: async () => null,
  successfulReferrals: async () => null,
  membersLost: async () => null,
};
