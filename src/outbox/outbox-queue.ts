import { In, type DataSource } from 'typeorm';
import { Member } from '../members';
import type { Clock } from '../shared/clock';
import { UNKNOWN_VALUE_RANK, type MemberValue } from './member-value';
import { OutboxStore, type OutboxInsert } from './outbox-store';
import type { OutboxEnqueue, OutboxPort } from './outbox.port';

export interface OutboxQueueDeps {
  ds: DataSource;
  clock: Clock;
  /** The store's configured chat accounts, first = main; a row for an account no longer configured goes to the first. */
  accounts?: readonly string[];
  /** The member's value, stored on the row for the claim's order on a day that does not fit the ceiling. */
  value?: MemberValue;
}

/**
 * The outbox port over the store: fills in the member's assistant and chat account when the caller did
 * not give them.
 */
export class OutboxQueue implements OutboxPort {
  private readonly store: OutboxStore;

  constructor(private readonly deps: OutboxQueueDeps) {
    this.store = new OutboxStore(deps.ds, deps.clock);
  }

  async enqueue(item: OutboxEnqueue): Promise<{ created: boolean; id: number }> {
    const [row] = await this.withMemberFacts([item]);
    return this.store.enqueue(row);
  }

  async enqueueMany(items: OutboxEnqueue[]): Promise<number> {
    return this.store.insertMany(await this.withMemberFacts(items));
  }

  /** One query for all members whose assistant or account the caller left out. */
  private async withMemberFacts(items: OutboxEnqueue[]): Promise<OutboxInsert[]> {
    // And one for the members' value (tier, segment): the claim's order on a day over the ceiling.
    const ranks = this.deps.value && items.length ? await this.deps.value.valueRanks([...new Set(items.map((i) => i.memberId))]) : null;
    const missing = [...new Set(items.filter((i) => i.assistantId === undefined || i.account === undefined).map((i) => i.memberId))];
    const facts = new Map<number, { assistantId: number | null; chatAccount: string }>();
    if (missing.length) {
      const members = await this.deps.ds.getRepository(Member).find({ select: { id: true, assistantId: true, chatAccount: true }, where: { id: In(missing) } });
      for (const m of members) facts.set(m.id, m);
    }
    return items.map((i) => ({
      ...i,
      assistantId: i.assistantId === undefined ? (facts.get(i.memberId)?.assistantId ?? null) : i.assistantId,
      account: this.sendingAccount(i.account ?? facts.get(i.memberId)?.chatAccount),
      valueRank: ranks ? (ranks.get(i.memberId) ?? UNKNOWN_VALUE_RANK) : 0,
    }));
  }

  private sendingAccount(account: string | undefined): string | undefined {
    const configured = this.deps.accounts;
    if (!configured?.length) return account;
    return account !== undefined && configured.includes(account) ? account : configured[0];
  }
}
