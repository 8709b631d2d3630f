import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/** Loyalty: referral codes and referrals, members lost (removed the store account), personal touches (VIP plan). */
export class ReferralsLostVip1763800001200 implements MigrationInterface {
  name = 'ReferralsLostVip1763800001200';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'referral_code',
        columns: [col.id(), col.int('memberId'), col.varchar('code', 12), col.datetime('createdAt')],
        indices: [
          new TableIndex({ name: 'idx_referral_code_member', columnNames: ['memberId'], isUnique: true }),
          new TableIndex({ name: 'idx_referral_code_code', columnNames: ['code'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'referral',
        columns: [
          col.id(),
          col.int('memberId'),
          col.int('referrerId'),
          col.varchar('channel', 8),
          col.varchar('status', 16, { default: "'pending'" }),
          col.datetime('claimedAt'),
          col.int('purchaseId', nullable),
          col.datetime('qualifiedAt', nullable),
          col.int('referrerPoints', { default: 0 }),
          col.int('referredPoints', { default: 0 }),
          col.varchar('reason', 32, nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_referral_member', columnNames: ['memberId'], isUnique: true }),
          new TableIndex({ name: 'idx_referral_referrer', columnNames: ['referrerId', 'status', 'qualifiedAt'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_loss',
        columns: [
          col.id(),
          col.int('memberId'),
          col.int('assistantId', nullable),
          col.varchar('lifecycleBefore', 16),
          col.datetime('lostAt'),
          col.datetime('returnedAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_member_loss_member', columnNames: ['memberId', 'returnedAt'] }),
          new TableIndex({ name: 'idx_member_loss_time', columnNames: ['lostAt'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_touch',
        columns: [col.id(), col.int('memberId'), col.int('staffId'), col.varchar('kind', 16), col.datetime('touchedAt')],
        indices: [
          new TableIndex({ name: 'idx_member_touch_member', columnNames: ['memberId', 'touchedAt'] }),
          new TableIndex({ name: 'idx_member_touch_staff', columnNames: ['staffId', 'touchedAt'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['member_touch', 'member_loss', 'referral', 'referral_code']) await q.dropTable(t);
  }
}
