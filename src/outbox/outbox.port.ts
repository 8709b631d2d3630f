/**
 * The outbox as other modules see it: every proactive message is a row first (unique per member +
 * occasion + occasion date), then a dispatcher delivers it with throttling, quiet hours, caps and
 * opt-out. One port for every module, for one row (`enqueue`) or a batch (`enqueueMany`).
 */

/** Occasions, most personal first: when two collide on a member, the earlier in this list wins. */
export const OCCASION_PRIORITY = [
  'complaint_followup',
  'birthday',
  'targeted_festival',
  'festival',
  'season',
  'long_time_no_see',
  'welcome',
  'post_purchase',
  'first_purchase_followup',
  'tier_upgrade',
  'points_expiry',
  'satisfaction_survey',
  // Added last so the priority numbers stored on existing rows keep their meaning.
  'referral_thanks',
] as const;

export type Occasion = (typeof OCCASION_PRIORITY)[number];

export interface OutboxEnqueue {
  memberId: number;
  occasion: Occasion;
  /** Store-local date the occasion belongs to (YYYY-MM-DD); part of the idempotency key. */
  occasionDate: string;
  /** The rendered text, signed by the assistant where the occasion asks for it. */
  text: string;
  /** Not before this instant (quiet hours still apply at delivery). */
  dueAt: Date;
  /**
   * Goes first to the assistant's morning list (status `draft`); otherwise it is queued for the
   * dispatcher at once (feedback prompts, complaint follow-ups).
   */
  draft?: boolean;
  /** With `draft`: left unhandled at the cut-off it is skipped (true) or sent as it is (false, auto-send). */
  needsApproval?: boolean;
  /**
   * Occasion facts and reply handling. When `meta.dialog` is set ({name, step, data}), the dispatcher
   * starts that chat dialog for the member right after the message is delivered, so the member's
   * answer (e.g. a survey digit) goes to it.
   */
  meta?: Record<string, unknown> & { dialog?: { name: string; step: string; data?: Record<string, unknown> } };
  /**
   * The member's assistant, when the caller read it with the member already (the planner, surveys):
   * spares the outbox a member lookup per row. Left out, the outbox looks it up.
   */
  assistantId?: number | null;
  /**
   * The store account that sends it: the member's `chatAccount`, when the caller read the member already
   * (the planner, surveys). Left out, the outbox looks it up.
   */
  account?: string;
  /** Which template variant the text was rendered from (rotation reads it back next year). */
  templateVariant?: number | null;
}

export interface OutboxPort {
  /** Creates the row unless one with the same key exists; never sends twice. */
  enqueue(item: OutboxEnqueue): Promise<{ created: boolean; id: number }>;
  /**
   * Creates many rows in batched statements, skipping those whose key exists; returns how many were
   * created. No per-row round trips: members without `assistantId` are looked up once per batch.
   */
  enqueueMany(items: OutboxEnqueue[]): Promise<number>;
}
