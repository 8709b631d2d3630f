import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes the retention report and the console's MariaDB benchmark asked for (src/reports/retention/,
 * scripts/bench-console.ts): purchases of a period with their member read from the index alone (a range
 * over purchasedAt otherwise fetches every purchase row, scattered over a table much larger than memory);
 * members joined before a day per assistant, counted from the index; members erased in a period; members lapsing in a period per assistant; and an
 * assistant's dormant members newest first (MariaDB otherwise intersects two indexes and sorts); complaints
 * per day of filing for the dashboard.
 */
export class RetentionIndexes1763800001560 implements MigrationInterface {
  name = 'RetentionIndexes1763800001560';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('purchase', new TableIndex({ name: 'idx_purchase_time_member', columnNames: ['purchasedAt', 'memberId'] }));
    await q.createIndex('member', new TableIndex({ name: 'idx_member_created_assistant', columnNames: ['createdAt', 'assistantId', 'erasedAt'] }));
    await q.createIndex('member', new TableIndex({ name: 'idx_member_erased', columnNames: ['erasedAt'] }));
    await q.createIndex('member', new TableIndex({ name: 'idx_member_assistant_lifecycle', columnNames: ['assistantId', 'lifecycle', 'erasedAt', 'id'] }));
    // The dashboard's complaints per day of filing, met and breached, from the index alone (each day scanned the table).
    await q.createIndex('complaint', new TableIndex({ name: 'idx_complaint_created', columnNames: ['createdAt', 'ackBreachedAt', 'answerBreachedAt', 'acknowledgedAt', 'firstAnsweredAt'] }));
    // Members lapsing in a period per assistant, from the index alone (the dashboard's use of it stays a prefix).
    await q.dropIndex('member', 'idx_member_last_purchase');
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_purchase', columnNames: ['lastPurchaseAt', 'erasedAt', 'assistantId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('complaint', 'idx_complaint_created');
    await q.dropIndex('member', 'idx_member_last_purchase');
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_purchase', columnNames: ['lastPurchaseAt', 'erasedAt'] }));
    await q.dropIndex('member', 'idx_member_assistant_lifecycle');
    await q.dropIndex('member', 'idx_member_erased');
    await q.dropIndex('member', 'idx_member_created_assistant');
    await q.dropIndex('purchase', 'idx_purchase_time_member');
  }
}
