import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/**
 * Several chat accounts: which account a WeChat contact, a member, a staff member and an outbox row
 * belong to (existing rows: the one account there was, `store`), and the lease through which exactly one
 * instance holds each account (src/chat/accounts/).
 */
export class ChatAccounts1763800001500 implements MigrationInterface {
  name = 'ChatAccounts1763800001500';

  async up(q: QueryRunner): Promise<void> {
    const account = () => new TableColumn({ name: 'chatAccount', type: 'varchar', length: '64', default: "'store'" });
    // A contact id is only unique within one account: two accounts may see the same person.
    await q.addColumn('chat_identity', new TableColumn({ name: 'account', type: 'varchar', length: '64', default: "'store'" }));
    await q.dropIndex('chat_identity', 'idx_chat_identity_contact');
    await q.createIndex('chat_identity', new TableIndex({ name: 'idx_chat_identity_contact', columnNames: ['account', 'contactId'], isUnique: true }));
    await q.addColumn('member', account());
    await q.createIndex('member', new TableIndex({ name: 'idx_member_chat_account', columnNames: ['chatAccount', 'erasedAt'] }));
    await q.addColumn('staff', account());
    await q.addColumn('outbox_message', new TableColumn({ name: 'account', type: 'varchar', length: '64', default: "'store'" }));
    // Each account's dispatcher claims only its own rows.
    await q.createIndex('outbox_message', new TableIndex({ name: 'idx_outbox_account_claim', columnNames: ['account', 'status', 'priority', 'dueAt', 'id'] }));
    await q.createTable(
      new Table({
        name: 'chat_account_lease',
        columns: [
          col.varchar('account', 64, { isPrimary: true }),
          col.varchar('holder', 128, nullable),
          // Fencing token: grows by one at every change of holder; a send or claim under an older token is refused.
          col.int('token'),
          col.datetime('expiresAt'),
          col.datetime('heartbeatAt', nullable),
          // What the holder last saw of its bot, so every instance can show it (/healthz, /admin/chat/accounts).
          col.varchar('chatState', 16, { default: "'stopped'" }),
          col.text('loginQr', nullable),
          col.datetime('updatedAt'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('chat_account_lease');
    await q.dropIndex('outbox_message', 'idx_outbox_account_claim');
    await q.dropColumn('outbox_message', 'account');
    await q.dropColumn('staff', 'chatAccount');
    await q.dropIndex('member', 'idx_member_chat_account');
    await q.dropColumn('member', 'chatAccount');
    await q.dropIndex('chat_identity', 'idx_chat_identity_contact');
    await q.createIndex('chat_identity', new TableIndex({ name: 'idx_chat_identity_contact', columnNames: ['contactId'], isUnique: true }));
    await q.dropColumn('chat_identity', 'account');
  }
}
