import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'staff',
        columns: [
          col.id(),
          col.varchar('name', 64),
          col.varchar('role', 16),
          col.varchar('wechatContactId', 128, nullable),
          col.bool('active', { default: true }),
          col.datetime('createdAt'),
        ],
        indices: [new TableIndex({ name: 'idx_staff_wechat_contact', columnNames: ['wechatContactId'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_token',
        columns: [
          col.id(),
          col.int('staffId'),
          col.varchar('tokenHash', 64),
          col.varchar('label', 64, nullable),
          col.datetime('createdAt'),
          col.datetime('expiresAt', nullable),
          col.datetime('revokedAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_staff_token_staff', columnNames: ['staffId'] }),
          new TableIndex({ name: 'idx_staff_token_hash', columnNames: ['tokenHash'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member',
        columns: [
          col.id(),
          col.varchar('code', 16),
          col.varchar('name', 64, nullable),
          col.varchar('nickname', 64, nullable),
          col.text('phoneEnc', nullable),
          col.varchar('phoneHash', 64, nullable),
          col.varchar('gender', 8, nullable),
          col.varchar('ageRange', 16, nullable),
          col.varchar('birthdayCalendar', 8, nullable),
          col.int('birthYear', nullable),
          col.int('birthMonth', nullable),
          col.int('birthDay', nullable),
          col.bool('birthLeapMonth', { default: false }),
          col.text('addressEnc', nullable),
          col.varchar('email', 128, nullable),
          col.varchar('occupation', 64, nullable),
          col.bool('isMother', nullable),
          col.bool('isFather', nullable),
          col.bool('isTeacher', nullable),
          col.text('profileExtra', nullable),
          col.int('assistantId', nullable),
          col.bool('optedOut', { default: false }),
          col.datetime('optedOutAt', nullable),
          col.varchar('tier', 16, { default: "'none'" }),
          col.varchar('lifecycle', 16, { default: "'prospect'" }),
          col.varchar('source', 8, { default: "'chat'" }),
          col.datetime('lastContactAt', nullable),
          col.datetime('lastPurchaseAt', nullable),
          col.datetime('erasedAt', nullable),
          col.datetime('createdAt'),
          col.datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_member_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'idx_member_phone_hash', columnNames: ['phoneHash'] }),
          new TableIndex({ name: 'idx_member_assistant', columnNames: ['assistantId'] }),
          new TableIndex({ name: 'idx_member_birthday', columnNames: ['birthdayCalendar', 'birthMonth', 'birthDay'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'member_consent',
        columns: [
          col.id(),
          col.int('memberId'),
          col.varchar('purpose', 32),
          col.text('statement'),
          col.varchar('channel', 8),
          col.datetime('grantedAt'),
          col.datetime('withdrawnAt', nullable),
        ],
        indices: [new TableIndex({ name: 'idx_member_consent_member', columnNames: ['memberId', 'purpose'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'chat_identity',
        columns: [
          col.id(),
          col.varchar('contactId', 128),
          col.varchar('remark', 64, nullable),
          col.int('memberId'),
          col.varchar('displayName', 128, nullable),
          col.datetime('createdAt'),
          col.datetime('lastSeenAt', nullable),
        ],
        indices: [
          new TableIndex({ name: 'idx_chat_identity_contact', columnNames: ['contactId'], isUnique: true }),
          new TableIndex({ name: 'idx_chat_identity_remark', columnNames: ['remark'] }),
          new TableIndex({ name: 'idx_chat_identity_member', columnNames: ['memberId'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dialog_state',
        columns: [
          col.id(),
          col.varchar('subjectKey', 64),
          col.varchar('dialog', 32),
          col.varchar('step', 32),
          col.text('data'),
          col.datetime('expiresAt'),
          col.datetime('updatedAt'),
        ],
        indices: [new TableIndex({ name: 'idx_dialog_state_subject', columnNames: ['subjectKey'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'chat_message',
        columns: [
          col.id(),
          col.varchar('direction', 3),
          col.varchar('contactId', 128),
          col.int('memberId', nullable),
          col.int('staffId', nullable),
          col.varchar('externalId', 160, nullable),
          col.varchar('kind', 16),
          col.text('text', nullable),
          col.datetime('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_chat_message_contact', columnNames: ['contactId', 'createdAt'] }),
          new TableIndex({ name: 'idx_chat_message_member', columnNames: ['memberId'] }),
          new TableIndex({ name: 'idx_chat_message_external', columnNames: ['externalId'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_run',
        columns: [
          col.varchar('runKey', 160, { isPrimary: true }),
          col.varchar('instanceId', 64),
          col.datetime('claimedAt'),
          col.datetime('leaseUntil'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['job_run', 'chat_message', 'dialog_state', 'chat_identity', 'member_consent', 'member', 'staff_token', 'staff']) {
      await q.dropTable(t);
    }
  }
}
