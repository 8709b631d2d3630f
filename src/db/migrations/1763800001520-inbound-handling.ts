import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, nullable } from '../migration-columns';

/**
 * Who is handling an inbound chat message and whether it finished: a message whose holder died before
 * answering is answered by the next holder when WeChat delivers it again (src/chat/accounts/inbound-claims.ts).
 */
export class InboundHandling1763800001520 implements MigrationInterface {
  name = 'InboundHandling1763800001520';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('chat_message', new TableColumn(col.varchar('handledBy', 200, nullable)));
    await q.addColumn('chat_message', new TableColumn(col.datetime('handledAt', nullable)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('chat_message', 'handledAt');
    await q.dropColumn('chat_message', 'handledBy');
  }
}
