import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/**
 * The staff console: sign-in codes sent in chat and browser sessions (src/staff/console/), and the indexes
 * the dashboard's figures read by (src/reports/dashboard/): members joined, lapsing, opted out and per
 * assistant, messages sent per day (covering, so each day's count reads the index alone).
 */
export class Console1763800001400 implements MigrationInterface {
  name = 'Console1763800001400';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'console_sign_in_code',
        columns: [col.id(), col.int('staffId'), col.varchar('codeHash', 64), col.datetime('createdAt'), col.datetime('expiresAt'), col.datetime('usedAt', nullable)],
        indices: [
          new TableIndex({ name: 'idx_console_code_hash', columnNames: ['codeHash', 'expiresAt'] }),
          new TableIndex({ name: 'idx_console_code_staff', columnNames: ['staffId', 'usedAt'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'console_session',
        columns: [
          col.id(),
          col.int('staffId'),
          col.varchar('tokenHash', 64),
          col.varchar('method', 8),
          col.datetime('createdAt'),
          col.datetime('lastSeenAt'),
          col.datetime('expiresAt'),
          col.datetime('revokedAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_console_session_hash', columnNames: ['tokenHash'], isUnique: true }),
          new TableIndex({ name: 'idx_console_session_staff', columnNames: ['staffId', 'revokedAt'] }),
        ],
      }),
    );
    await q.createIndex('member', new TableIndex({ name: 'idx_member_created', columnNames: ['createdAt'] }));
    await q.createIndex('member', new TableIndex({ name: 'idx_member_opted_out', columnNames: ['optedOutAt'] }));
    await q.createIndex('member', new TableIndex({ name: 'idx_member_assistant_live', columnNames: ['assistantId', 'erasedAt'] }));
    await q.createIndex('outbox_message', new TableIndex({ name: 'idx_outbox_status_sent', columnNames: ['status', 'sentAt', 'assistantId', 'occasion'] }));
    // The same lookups as before, and the dashboard counts lapsing members per day from the index alone.
    await q.dropIndex('member', 'idx_member_last_purchase');
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_purchase', columnNames: ['lastPurchaseAt', 'erasedAt'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('member', 'idx_member_last_purchase');
    await q.createIndex('member', new TableIndex({ name: 'idx_member_last_purchase', columnNames: ['lastPurchaseAt'] }));
    await q.dropIndex('outbox_message', 'idx_outbox_status_sent');
    await q.dropIndex('member', 'idx_member_assistant_live');
    await q.dropIndex('member', 'idx_member_opted_out');
    await q.dropIndex('member', 'idx_member_created');
    await q.dropTable('console_session');
    await q.dropTable('console_sign_in_code');
  }
}
