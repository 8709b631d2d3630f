import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/** Loyalty points: a balance row per member, the append-only ledger, and the lots that expire (src/loyalty/points/). */
export class Points1763800001100 implements MigrationInterface {
  name = 'Points1763800001100';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'points_account',
        columns: [col.int('memberId', { isPrimary: true }), col.int('balance', { default: 0 }), col.datetime('updatedAt')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'points_entry',
        columns: [
          col.id(),
          col.int('memberId'),
          col.varchar('kind', 16),
          col.int('points'),
          col.int('balanceAfter'),
          col.varchar('reason', 200),
          col.int('staffId', nullable),
          col.int('purchaseId', nullable),
          col.varchar('sourceKey', 128, nullable),
          col.datetime('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_points_entry_member', columnNames: ['memberId', 'id'] }),
          new TableIndex({ name: 'idx_points_entry_purchase', columnNames: ['purchaseId'] }),
          new TableIndex({ name: 'idx_points_entry_source', columnNames: ['sourceKey'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'points_lot',
        columns: [
          col.id(),
          col.int('memberId'),
          col.int('entryId'),
          col.int('purchaseId', nullable),
          col.int('points'),
          col.int('remaining'),
          col.bool('isOpen', { default: true }),
          col.datetime('earnedAt'),
          col.datetime('expiresAt'),
          col.datetime('remindedAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_points_lot_member', columnNames: ['memberId', 'isOpen', 'expiresAt'] }),
          new TableIndex({ name: 'idx_points_lot_open', columnNames: ['isOpen', 'expiresAt'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('points_lot');
    await q.dropTable('points_entry');
    await q.dropTable('points_account');
  }
}
