import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/** Staff API: audit log, member tags and notes, and member indexes for the staff search. */
export class StaffApi1763800000400 implements MigrationInterface {
  name = 'StaffApi1763800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          col.id(),
          col.datetime('at'),
          col.int('staffId', nullable),
          col.varchar('staffName', 64, nullable),
          col.varchar('staffRole', 16, nullable),
          col.varchar('action', 48),
          col.int('memberId', nullable),
          col.varchar('targetType', 32, nullable),
          col.varchar('targetId', 64, nullable),
          col.text('details', nullable),
          col.varchar('ip', 64, nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_audit_at', columnNames: ['at'] }),
          new TableIndex({ name: 'idx_audit_member_at', columnNames: ['memberId', 'at'] }),
          new TableIndex({ name: 'idx_audit_staff_at', columnNames: ['staffId', 'at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_tag',
        columns: [col.id(), col.int('memberId'), col.varchar('tag', 32), col.int('createdBy', nullable), col.datetime('createdAt')],
        indices: [
          new TableIndex({ name: 'idx_member_tag_unique', columnNames: ['memberId', 'tag'], isUnique: true }),
          new TableIndex({ name: 'idx_member_tag_tag', columnNames: ['tag'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_note',
        columns: [col.id(), col.int('memberId'), col.int('staffId'), col.text('text'), col.datetime('createdAt')],
        indices: [new TableIndex({ name: 'idx_member_note_member', columnNames: ['memberId', 'createdAt'] })],
      }),
    );
    // The staff search filters by tier or lifecycle among members who have not erased their data, and
    // pages newest first: these indexes answer both the page and its count without touching rows.
    await q.createIndex('member', new TableIndex({ name: 'idx_member_tier', columnNames: ['tier', 'erasedAt', 'id'] }));
    await q.createIndex('member', new TableIndex({ name: 'idx_member_lifecycle', columnNames: ['lifecycle', 'erasedAt', 'id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('member', 'idx_member_lifecycle');
    await q.dropIndex('member', 'idx_member_tier');
    await q.dropTable('member_note');
    await q.dropTable('member_tag');
    await q.dropTable('audit_log');
  }
}
