import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from '../migration-columns';

/**
 * A day that does not fit an account's ceiling is ordered on purpose: the more personal occasion first
 * (`priority`), then the member's value (`valueRank`: tier, then RFM segment; lower is more valuable),
 * stored on the row when it is queued. Both claim indexes take the new column between priority and
 * dueAt, so the claim still walks an index in its own order (no filesort, SKIP LOCKED locks one row).
 * Rows queued before this migration rank 0: they keep their old order among themselves.
 */
export class OutboxValueRank1763800001530 implements MigrationInterface {
  name = 'OutboxValueRank1763800001530';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('outbox_message', new TableColumn(col.int('valueRank', { default: 0 })));
    await q.dropIndex('outbox_message', 'idx_outbox_claim');
    await q.createIndex('outbox_message', new TableIndex({ name: 'idx_outbox_claim', columnNames: ['status', 'priority', 'valueRank', 'dueAt', 'id'] }));
    await q.dropIndex('outbox_message', 'idx_outbox_account_claim');
    await q.createIndex(
      'outbox_message',
      new TableIndex({ name: 'idx_outbox_account_claim', columnNames: ['account', 'status', 'priority', 'valueRank', 'dueAt', 'id'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('outbox_message', 'idx_outbox_account_claim');
    await q.createIndex('outbox_message', new TableIndex({ name: 'idx_outbox_account_claim', columnNames: ['account', 'status', 'priority', 'dueAt', 'id'] }));
    await q.dropIndex('outbox_message', 'idx_outbox_claim');
    await q.createIndex('outbox_message', new TableIndex({ name: 'idx_outbox_claim', columnNames: ['status', 'priority', 'dueAt', 'id'] }));
    await q.dropColumn('outbox_message', 'valueRank');
  }
}
