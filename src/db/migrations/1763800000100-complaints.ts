import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

export class Complaints1763800000100 implements MigrationInterface {
  name = 'Complaints1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'complaint',
        columns: [
          col.id(),
          col.varchar('ticketNo', 16),
          col.int('memberId'),
          col.int('assistantId', nullable),
          col.varchar('channel', 8),
          col.varchar('category', 16),
          col.text('description'),
          col.varchar('orderNo', 64, nullable),
          col.varchar('status', 16),
          col.varchar('rootCause', 32, nullable),
          col.text('resolution', nullable),
          col.datetime('createdAt'),
          col.datetime('acknowledgedAt', nullable),
          col.int('acknowledgedBy', nullable),
          col.datetime('firstAnsweredAt', nullable),
          col.datetime('resolvedAt', nullable),
          col.datetime('firstResolvedAt', nullable),
          col.datetime('closedAt', nullable),
          col.int('reopenCount', { default: 0 }),
          col.datetime('ackBreachedAt', nullable),
          col.datetime('answerBreachedAt', nullable),
          col.bool('satisfied', nullable),
          col.datetime('surveySentAt', nullable),
          col.int('surveyScore', nullable),
          col.text('surveyComment', nullable),
          col.datetime('surveyAnsweredAt', nullable),
          col.datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_complaint_ticket', columnNames: ['ticketNo'], isUnique: true }),
          new TableIndex({ name: 'idx_complaint_member', columnNames: ['memberId', 'createdAt'] }),
          new TableIndex({ name: 'idx_complaint_status', columnNames: ['status', 'createdAt'] }),
          new TableIndex({ name: 'idx_complaint_assistant', columnNames: ['assistantId', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'complaint_event',
        columns: [
          col.id(),
          col.int('complaintId'),
          col.varchar('type', 32),
          col.varchar('actorKind', 8),
          col.int('actorId', nullable),
          col.varchar('actorName', 64),
          col.text('text', nullable),
          col.bool('visibleToMember', { default: false }),
          col.datetime('at'),
        ],
        indices: [new TableIndex({ name: 'idx_complaint_event_ticket', columnNames: ['complaintId', 'id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'complaint_photo',
        columns: [
          col.id(),
          col.int('complaintId', nullable),
          col.varchar('draftKey', 64, nullable),
          col.varchar('name', 128),
          col.varchar('mediaType', 64),
          col.int('sizeBytes'),
          col.datetime('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_complaint_photo_ticket', columnNames: ['complaintId'] }),
          new TableIndex({ name: 'idx_complaint_photo_draft', columnNames: ['draftKey'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'complaint_photo_part',
        columns: [col.id(), col.int('photoId'), col.int('part'), col.text('data')],
        indices: [new TableIndex({ name: 'idx_complaint_photo_part', columnNames: ['photoId', 'part'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'complaint_compensation',
        columns: [
          col.id(),
          col.int('complaintId'),
          col.varchar('level', 8),
          col.bool('exchange', { default: false }),
          col.int('couponFen', { default: 0 }),
          col.int('refundFen', { default: 0 }),
          col.int('extraFen', { default: 0 }),
          col.varchar('note', 200, nullable),
          col.varchar('status', 8),
          col.int('requestedBy'),
          col.int('decidedBy', nullable),
          col.datetime('decidedAt', nullable),
          col.varchar('decisionNote', 200, nullable),
          col.datetime('createdAt'),
        ],
        indices: [new TableIndex({ name: 'idx_complaint_compensation_ticket', columnNames: ['complaintId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'complaint_draft',
        columns: [col.id(), col.int('memberId'), col.varchar('step', 32), col.text('data'), col.datetime('savedAt')],
        indices: [new TableIndex({ name: 'idx_complaint_draft_member', columnNames: ['memberId'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['complaint_draft', 'complaint_compensation', 'complaint_photo_part', 'complaint_photo', 'complaint_event', 'complaint']) {
      await q.dropTable(t);
    }
  }
}
