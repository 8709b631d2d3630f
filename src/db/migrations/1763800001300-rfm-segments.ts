import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/** RFM segments with their history (loyalty), and the monthly assistants' report deliveries (reports). */
export class RfmSegments1763800001300 implements MigrationInterface {
  name = 'RfmSegments1763800001300';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'member_segment',
        columns: [
          col.int('memberId', { isPrimary: true }),
          col.int('recency'),
          col.int('frequency'),
          col.int('monetary'),
          col.varchar('segment', 16),
          col.datetime('changedAt'),
        ],
        indices: [new TableIndex({ name: 'idx_member_segment_segment', columnNames: ['segment', 'memberId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_segment_change',
        columns: [
          col.id(),
          col.int('memberId'),
          col.varchar('fromSegment', 16, nullable),
          col.varchar('toSegment', 16),
          col.int('recency'),
          col.int('frequency'),
          col.int('monetary'),
          col.datetime('changedAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_member_segment_change_member', columnNames: ['memberId', 'changedAt'] }),
          new TableIndex({ name: 'idx_member_segment_change_time', columnNames: ['changedAt', 'toSegment'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'assistant_report_delivery',
        columns: [col.varchar('month', 7, { isPrimary: true }), col.int('staffId', { isPrimary: true }), col.datetime('sentAt')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('assistant_report_delivery');
    await q.dropTable('member_segment_change');
    await q.dropTable('member_segment');
  }
}
