import { auditEntities } from '../audit';
import { careEntities } from '../care';
import { chatEntities } from '../chat';
import { complaintEntities } from '../complaints';
import { RateLimitCounter } from '../http/rate-limit-counter.entity';
import { JobRun } from '../jobs/job-run.entity';
import { loyaltyEntities, pointsEntities, segmentEntities } from '../loyalty';
import { memberEntities } from '../members';
import { mpEntities } from '../miniprogram';
import { outboxEntities } from '../outbox';
import { purchaseEntities } from '../purchases';
import { reportEntities } from '../reports';
import { staffEntities } from '../staff';
import { surveyEntities } from '../surveys';

/** Every entity of the service: each module lists its own (exported from its index.ts). */
export const entities = [
  ...staffEntities,
  ...memberEntities,
  ...chatEntities,
  JobRun,
  RateLimitCounter,
  ...purchaseEntities,
  ...outboxEntities,
  ...complaintEntities,
  ...mpEntities,
  ...auditEntities,
  ...careEntities,
  ...surveyEntities,
  ...pointsEntities,
  ...loyaltyEntities,
  ...segmentEntities,
  ...reportEntities,
];
