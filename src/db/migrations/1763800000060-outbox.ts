import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

export class Outbox1763800000060 implements MigrationInterface {
  name = 'Outbox1763800000060';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'outbox_message',
        columns: [
          col.id(),
          col.varchar('idempotencyKey', 160),
          col.int('memberId'),
          col.int('assistantId', nullable),
          col.varchar('occasion', 32),
          col.varchar('occasionDate', 10),
          col.int('priority'),
          col.int('templateVariant', nullable),
          col.text('text'),
          col.varchar('status', 16),
          col.bool('needsApproval', { default: false }),
          col.datetime('dueAt'),
          col.int('attempts', { default: 0 }),
          col.varchar('reason', 64, nullable),
          col.datetime('sentAt', nullable),
          col.varchar('claimedBy', 64, nullable),
          col.datetime('claimedAt', nullable),
          col.int('decidedBy', nullable),
          col.datetime('decidedAt', nullable),
          col.text('meta', nullable),
          col.datetime('createdAt'),
          col.datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_outbox_idempotency', columnNames: ['idempotencyKey'], isUnique: true }),
          new TableIndex({ name: 'idx_outbox_status_due', columnNames: ['status', 'dueAt'] }),
          new TableIndex({ name: 'idx_outbox_member_sent', columnNames: ['memberId', 'sentAt'] }),
          new TableIndex({ name: 'idx_outbox_assistant_date', columnNames: ['assistantId', 'occasionDate'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('outbox_message');
  }
}
