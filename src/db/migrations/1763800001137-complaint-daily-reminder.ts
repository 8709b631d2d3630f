import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/** Complaints: the store day of the last daily reminder of a ticket still without a real answer (once per working day). */
export class ComplaintDailyReminder1763800001137 implements MigrationInterface {
  name = 'ComplaintDailyReminder1763800001137';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('complaint', new TableColumn(col.varchar('answerRemindedOn', 10, nullable)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('complaint', 'answerRemindedOn');
  }
}
