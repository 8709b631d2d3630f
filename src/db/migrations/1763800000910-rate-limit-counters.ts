import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from '../migration-columns';

/** Rate-limit counters in the database, so a limit holds across instances (see src/http/rate-limit-store.ts). */
export class RateLimitCounters1763800000910 implements MigrationInterface {
  name = 'RateLimitCounters1763800000910';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rate_limit_counter',
        columns: [col.varchar('counterKey', 191, { isPrimary: true }), col.int('hits'), col.bigint('resetAtMs')],
        indices: [new TableIndex({ name: 'idx_rate_limit_counter_reset', columnNames: ['resetAtMs'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_limit_counter');
  }
}
