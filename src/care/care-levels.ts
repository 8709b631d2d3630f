import type { Occasion } from '../outbox';

/**
 * Service levels the planner respects without knowing how they are decided: loyalty's RFM segments give
 * low-value members only automated, low-frequency care (DOMAIN.md, 80/20). Declared here, implemented by
 * loyalty and passed in by the composition root.
 */
export interface CareLevels {
  /** Of these members, those this occasion is not planned for. */
  leaveOut(occasion: Occasion, memberIds: readonly number[]): Promise<ReadonlySet<number>>;
}
