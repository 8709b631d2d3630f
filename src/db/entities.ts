import { ChatIdentity } from '../chat/chat-identity.entity';
import { ChatMessage } from '../chat/chat-message.entity';
import { DialogState } from '../chat/dialog-state.entity';
import { JobRun } from '../jobs/job-run.entity';
import { MemberConsent } from '../members/member-consent.entity';
import { Member } from '../members/member.entity';
import { Purchase } from '../purchases/purchase.entity';
import { StaffToken } from '../staff/staff-token.entity';
import { Staff } from '../staff/staff.entity';
import { complaintEntities } from '../complaints/complaint-entities';
import { mpEntities } from '../miniprogram/mp-entities';
import { staffApiEntities } from '../admin/staff-api.entities';
// Each module's entity list from its own `*.entities.ts` (not its index: the index would pull the module's
// services into the DataSource, and some of them import the DataSource helpers back).
import { outboxEntities } from '../outbox/outbox.entities';
import { careEntities } from '../care/care.entities';
import { surveyEntities } from '../surveys/survey.entities';

/** Every entity of the service. Modules add theirs at the end of this list (one line each). */
export const entities = [
  Staff,
  StaffToken,
  Member,
  MemberConsent,
  ChatIdentity,
  DialogState,
  ChatMessage,
  JobRun,
  Purchase,
  ...outboxEntities,
  ...complaintEntities,
  ...mpEntities,
  ...staffApiEntities,
  ...careEntities,
  ...surveyEntities,
];
