import { IsNull, type DataSource } from 'typeorm';
import { isUniqueViolation } from '../../db/sql-dialect';
import { ChatMessage, insertChatMessage } from '../../members';

/**
 * Recording an inbound message decides who answers it. The unique external id makes a second delivery a
 * no-op, except when the first delivery was taken by a holder that lost the account before it finished
 * (killed mid-answer): WeChat delivers the message again after the next login, and the new holder
 * (another lease token) takes it over by a conditional update, so it is answered once, not never.
 */
export class InboundClaims {
  constructor(
    private readonly ds: DataSource,
    /** `instance#token` of this instance's holding of an account; null without leases (old behaviour). */
    private readonly holderTag: (account: string) => string | null = () => null,
  ) {}

  private get repo() {
    return this.ds.getRepository(ChatMessage);
  }

  /** true: this instance answers the message now; false: a duplicate (answered, or being answered here). */
  async record(row: Omit<ChatMessage, 'id' | 'handledBy' | 'handledAt'> & { externalId: string }): Promise<boolean> {
    const tag = this.holderTag(row.account);
    try {
      await insertChatMessage(this.ds, { ...row, handledBy: tag, handledAt: null });
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const seen = await this.repo.findOneBy({ externalId: row.externalId });
    // Finished, logged before leases, or still in progress under this same holding: a plain duplicate.
    if (!tag || !seen || seen.handledAt || !seen.handledBy || seen.handledBy === tag) return false;
    const r = await this.repo.update({ id: seen.id, handledBy: seen.handledBy, handledAt: IsNull() }, { handledBy: tag });
    return (r.affected ?? 0) > 0;
  }

  /** The answer is out (or the failure reply): a later delivery of the same message is a duplicate. */
  async finish(externalId: string, at: Date): Promise<void> {
    await this.repo.update({ externalId, handledAt: IsNull() }, { handledAt: at });
  }
}
