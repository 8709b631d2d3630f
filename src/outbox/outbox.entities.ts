import { OutboxMessage } from './outbox-message.entity';
import { OutboxSender } from './outbox-sender.entity';

/** Tables of the outbox: the rows and the sending account's throttle. */
export const outboxEntities = [OutboxMessage, OutboxSender];
