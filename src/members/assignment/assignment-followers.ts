import type { EntityManager } from 'typeorm';
import type { Staff } from '../../staff';

/** Work to do once the move is committed (telling people); never inside the transaction. */
export type AfterMove = () => Promise<void>;

/** Members who change assistant, all from the same one to the same one. */
export interface AssistantMove {
  memberIds: number[];
  /** The assistant they leave (null: they had none). */
  fromAssistantId: number | null;
  to: Staff;
}

/**
 * A module built on members that keeps work tied to a member's assistant (the outbox's drafts and
 * queued greetings, open complaints …). Reassignment and hand-over call every follower inside their
 * one transaction, so the member and everything that follows them move together or not at all; the
 * composition root passes the implementations (members sits below those modules).
 */
export interface AssignmentFollower {
  /** Moves the open work of these members from their former assistant to the new one. */
  moveFor(em: EntityManager, move: AssistantMove): Promise<AfterMove | void>;
  /**
   * The assistant leaves (hand-over or deactivation): what they still hold for members who are not
   * theirs (a ticket handed to them, say) goes to each member's own assistant, or to the managers.
   */
  releaseFrom?(em: EntityManager, leaver: Staff): Promise<AfterMove | void>;
}
