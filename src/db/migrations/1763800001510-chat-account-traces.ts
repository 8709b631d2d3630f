import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What several chat accounts leave behind: the account each logged chat message went through (so a
 * transcript shows which account said what), and an index to find a contact met on a second store
 * account by contact id alone (idx_chat_identity_contact leads with the account).
 */
export class ChatAccountTraces1763800001510 implements MigrationInterface {
  name = 'ChatAccountTraces1763800001510';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('chat_identity', new TableIndex({ name: 'idx_chat_identity_contact_id', columnNames: ['contactId'] }));
    await q.addColumn('chat_message', new TableColumn({ name: 'account', type: 'varchar', length: '64', default: "'store'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('chat_message', 'account');
    await q.dropIndex('chat_identity', 'idx_chat_identity_contact_id');
  }
}
