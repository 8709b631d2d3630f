import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Care planning: long-time-no-see finds members by last contact / last purchase through these indexes. */
export class Care1763800000250 implements MigrationInterface {
  name = 'Care1763800000250';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_contact', columnNames: ['lastContactAt'] }));
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_purchase', columnNames: ['lastPurchaseAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('member', 'idx_member_last_purchase');
    await q.dropIndex('member', 'idx_member_last_contact');
  }
}
