import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The dispatcher's claim (queued, due, most personal first, then oldest) walks this index in its own
 * order, so on MySQL `FOR UPDATE SKIP LOCKED … LIMIT 1` locks the row it takes and not every due row a
 * filesort would have read: several dispatchers claim in parallel.
 */
export class OutboxClaimIndex1763800000930 implements MigrationInterface {
  name = 'OutboxClaimIndex1763800000930';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('outbox_message', new TableIndex({ name: 'idx_outbox_claim', columnNames: ['status', 'priority', 'dueAt', 'id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('outbox_message', 'idx_outbox_claim');
  }
}
