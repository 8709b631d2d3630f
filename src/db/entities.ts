import { auditEntities } from '../audit';
import { chatEntities } from '../chat';
import { complaintEntities } from '../complaints/complaint-entities';
import { JobRun } from '../jobs/job-run.entity';
import { memberEntities } from '../members';
import { mpEntities } from '../miniprogram';
import { deliveryEntities } from '../outbox/delivery-entities';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { Purchase } from '../purchases/purchase.entity';
import { staffEntities } from '../staff';

/** Every entity of the service: each module lists its own (exported from its index.ts). */
export const entities = [
  ...staffEntities,
  ...memberEntities,
  ...chatEntities,
  JobRun,
  Purchase,
  OutboxMessage,
  ...complaintEntities,
  ...mpEntities,
  ...auditEntities,
  ...deliveryEntities,
];
