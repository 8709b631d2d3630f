import type { DataSource, EntityManager } from 'typeorm';
import { dbKind } from '../db/data-source';
import type { Clock } from '../shared/clock';
import { OutboxMessage } from './outbox-message.entity';
import { OCCASION_PRIORITY, type OutboxEnqueue } from './outbox.port';

export function outboxKey(memberId: number, occasion: string, occasionDate: string): string {
  return `${memberId}:${occasion}:${occasionDate}`;
}

export type OutboxInsert = OutboxEnqueue & { assistantId: number | null; templateVariant?: number | null };

/**
 * Inserting outbox rows: one at a time (enqueue) or in batches (the planner). The unique key makes a
 * second planning run, or a second instance, add nothing: duplicates are ignored by the database.
 */
export class OutboxStore {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  private row(item: OutboxInsert, now: Date): Partial<OutboxMessage> {
    return {
      idempotencyKey: outboxKey(item.memberId, item.occasion, item.occasionDate),
      memberId: item.memberId,
      assistantId: item.assistantId,
      occasion: item.occasion,
      occasionDate: item.occasionDate,
      priority: OCCASION_PRIORITY.indexOf(item.occasion),
      templateVariant: item.templateVariant ?? null,
      text: item.text,
      status: item.draft ? 'draft' : 'queued',
      needsApproval: Boolean(item.needsApproval),
      dueAt: item.dueAt,
      attempts: 0,
      reason: null,
      sentAt: null,
      claimedBy: null,
      claimedAt: null,
      decidedBy: null,
      decidedAt: null,
      meta: item.meta ? JSON.stringify(item.meta) : null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Inserts many rows in one statement, skipping any whose key exists; returns how many were new. */
  async insertMany(items: OutboxInsert[], manager: EntityManager = this.ds.manager): Promise<number> {
    if (!items.length) return 0;
    const now = this.clock.now();
    // INSERT IGNORE / INSERT OR IGNORE: the unique key decides, atomically, across instances.
    const result = await manager.createQueryBuilder().insert().into(OutboxMessage).values(items.map((i) => this.row(i, now))).orIgnore().updateEntity(false).execute();
    if (dbKind(this.ds) === 'mysql') return (result.raw as { affectedRows: number }).affectedRows;
    // better-sqlite3 reports only the last row id; changes() counts the rows this statement inserted.
    const [{ n }] = (await manager.query('SELECT changes() AS n')) as { n: number }[];
    return Number(n);
  }

  async enqueue(item: OutboxInsert): Promise<{ created: boolean; id: number }> {
    const created = (await this.insertMany([item])) > 0;
    const row = await this.ds.getRepository(OutboxMessage).findOneByOrFail({ idempotencyKey: outboxKey(item.memberId, item.occasion, item.occasionDate) });
    return { created, id: row.id };
  }
}
