import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/** Outbox delivery: sender throttle state, morning-list numbers, survey answers. */
export class OutboxDelivery1763800000200 implements MigrationInterface {
  name = 'OutboxDelivery1763800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'outbox_sender',
        columns: [
          col.varchar('account', 64, { isPrimary: true }),
          col.datetime('nextAt'),
          col.varchar('day', 10),
          col.int('sentToday'),
          col.int('version'),
          col.datetime('updatedAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'care_draft_number',
        columns: [col.id(), col.int('staffId'), col.varchar('day', 10), col.int('itemNo'), col.int('outboxId'), col.datetime('createdAt')],
        indices: [
          new TableIndex({ name: 'idx_draft_number_item', columnNames: ['staffId', 'day', 'itemNo'], isUnique: true }),
          new TableIndex({ name: 'idx_draft_number_outbox', columnNames: ['outboxId'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'survey_response',
        columns: [
          col.id(),
          col.int('memberId'),
          col.varchar('surveyKey', 16),
          col.int('assistantId', nullable),
          col.varchar('status', 16),
          col.int('quality', nullable),
          col.int('price', nullable),
          col.int('variety', nullable),
          col.int('environment', nullable),
          col.int('checkout', nullable),
          col.int('display', nullable),
          col.int('afterSales', nullable),
          col.int('nps', nullable),
          col.datetime('startedAt'),
          col.datetime('updatedAt'),
          col.datetime('completedAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_survey_member_key', columnNames: ['memberId', 'surveyKey'], isUnique: true }),
          new TableIndex({ name: 'idx_survey_key', columnNames: ['surveyKey', 'status'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('survey_response');
    await q.dropTable('care_draft_number');
    await q.dropTable('outbox_sender');
  }
}
