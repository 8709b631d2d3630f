import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Care planning at scale: the planner reads a batch of members' rows of one occasion (latest day and
 * variant, for rotation and for long-time-no-see's "planned since the spell began") from this index
 * alone, without visiting the table.
 */
export class CarePerf1763800000260 implements MigrationInterface {
  name = 'CarePerf1763800000260';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('outbox_message', new TableIndex({ name: 'idx_outbox_member_occasion', columnNames: ['memberId', 'occasion', 'occasionDate', 'templateVariant'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('outbox_message', 'idx_outbox_member_occasion');
  }
}
