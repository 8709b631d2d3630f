import { In, type DataSource } from 'typeorm';
import { Member } from '../members';
import type { Clock } from '../shared/clock';
import { OutboxStore, type OutboxInsert } from './outbox-store';
import type { OutboxEnqueue, OutboxPort } from './outbox.port';

export interface OutboxQueueDeps {
  ds: DataSource;
  clock: Clock;
}

/** The outbox port over the store: fills in the member's assistant when the caller did not give it. */
export class OutboxQueue implements OutboxPort {
  private readonly store: OutboxStore;

  constructor(private readonly deps: OutboxQueueDeps) {
    this.store = new OutboxStore(deps.ds, deps.clock);
  }

  async enqueue(item: OutboxEnqueue): Promise<{ created: boolean; id: number }> {
    const [row] = await this.withAssistants([item]);
    return this.store.enqueue(row);
  }

  async enqueueMany(items: OutboxEnqueue[]): Promise<number> {
    return this.store.insertMany(await this.withAssistants(items));
  }

  /** One query for all members whose assistant the caller left out. */
  private async withAssistants(items: OutboxEnqueue[]): Promise<OutboxInsert[]> {
    const missing = [...new Set(items.filter((i) => i.assistantId === undefined).map((i) => i.memberId))];
    const assistantOf = new Map<number, number | null>();
    if (missing.length) {
      const members = await this.deps.ds.getRepository(Member).find({ select: { id: true, assistantId: true }, where: { id: In(missing) } });
      for (const m of members) assistantOf.set(m.id, m.assistantId);
    }
    return items.map((i) => ({ ...i, assistantId: i.assistantId === undefined ? (assistantOf.get(i.memberId) ?? null) : i.assistantId }));
  }
}
