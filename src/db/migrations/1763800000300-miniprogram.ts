import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/** Mini-program identities, member sessions, binding codes and their brute-force guard, merges. */
export class MiniProgram1763800000300 implements MigrationInterface {
  name = 'MiniProgram1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mp_identity',
        columns: [
          col.id(),
          col.varchar('openid', 128),
          col.varchar('unionid', 128, nullable),
          col.int('memberId'),
          col.datetime('createdAt'),
          col.datetime('lastLoginAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_mp_identity_openid', columnNames: ['openid'], isUnique: true }),
          new TableIndex({ name: 'idx_mp_identity_unionid', columnNames: ['unionid'] }),
          new TableIndex({ name: 'idx_mp_identity_member', columnNames: ['memberId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mp_session',
        columns: [
          col.id(),
          col.int('memberId'),
          col.varchar('tokenHash', 64),
          col.datetime('createdAt'),
          col.datetime('expiresAt'),
          col.datetime('revokedAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_mp_session_member', columnNames: ['memberId'] }),
          new TableIndex({ name: 'idx_mp_session_token', columnNames: ['tokenHash'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mp_binding_code',
        columns: [
          col.id(),
          col.int('memberId'),
          col.varchar('codeHash', 64),
          col.datetime('createdAt'),
          col.datetime('expiresAt'),
          col.datetime('usedAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_mp_binding_code_member', columnNames: ['memberId'] }),
          new TableIndex({ name: 'idx_mp_binding_code_hash', columnNames: ['codeHash'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mp_binding_guard',
        columns: [
          col.id(),
          col.varchar('contactId', 128),
          col.int('failures', { default: 0 }),
          col.datetime('firstFailureAt', nullable),
          col.datetime('lockedUntil', nullable),
        ],
        indices: [new TableIndex({ name: 'idx_mp_binding_guard_contact', columnNames: ['contactId'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mp_member_merge',
        columns: [col.id(), col.int('fromMemberId'), col.int('intoMemberId'), col.datetime('mergedAt')],
        indices: [
          new TableIndex({ name: 'idx_mp_member_merge_from', columnNames: ['fromMemberId'] }),
          new TableIndex({ name: 'idx_mp_member_merge_into', columnNames: ['intoMemberId'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['mp_member_merge', 'mp_binding_guard', 'mp_binding_code', 'mp_session', 'mp_identity']) await q.dropTable(t);
  }
}
