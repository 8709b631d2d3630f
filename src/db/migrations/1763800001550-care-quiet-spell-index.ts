import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Long-time-no-see's purchase pass picks members whose last purchase fell in the catch-up window, is
 * later than their last contact, and who were not planned since: with the last contact in the index too,
 * that choice is made from the index alone, and only the members it picks have their rows read. The
 * dashboard's lapsing count (lastPurchaseAt, erasedAt) still reads the same prefix.
 */
export class CareQuietSpellIndex1763800001550 implements MigrationInterface {
  name = 'CareQuietSpellIndex1763800001550';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('member', 'idx_member_last_purchase');
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_purchase', columnNames: ['lastPurchaseAt', 'erasedAt', 'lastContactAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('member', 'idx_member_last_purchase');
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_purchase', columnNames: ['lastPurchaseAt', 'erasedAt'] }));
  }
}
