import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

export class Purchases1763800000050 implements MigrationInterface {
  name = 'Purchases1763800000050';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'purchase',
        columns: [
          col.id(),
          col.int('memberId'),
          col.datetime('purchasedAt'),
          col.varchar('items', 500),
          col.varchar('category', 64, nullable),
          col.int('quantity', { default: 1 }),
          col.bigint('amountFen'),
          col.varchar('store', 64, nullable),
          col.int('assistantId', nullable),
          col.varchar('idempotencyKey', 128),
          col.varchar('source', 16),
          col.bool('isFirstPurchase', { default: false }),
          col.datetime('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_purchase_member_time', columnNames: ['memberId', 'purchasedAt'] }),
          new TableIndex({ name: 'idx_purchase_time', columnNames: ['purchasedAt'] }),
          new TableIndex({ name: 'idx_purchase_idempotency', columnNames: ['idempotencyKey'], isUnique: true }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('purchase');
  }
}
