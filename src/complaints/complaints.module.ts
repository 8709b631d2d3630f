import type { MemberChatContext } from '../chat/commands';
import type { DialogDefinition, DialogEngine } from '../chat/dialog-engine';
import type { AnyChatContext } from '../chat/message-handler';
import type { CoreDeps, LaokeModule } from '../module';
import {
  complaintDialog,
  confirmDialog,
  memberComplaintCommands,
  memberComplaintIntents,
  satisfactionDialog,
  staffComplaintCommands,
  surveyDialog,
  type ComplaintChatDeps,
} from './complaint-chat';
import { ComplaintService } from './complaint.service';
import { complaintRoutes } from './complaints.routes';

export const COMPLAINT_DEADLINES_JOB = 'complaints-deadlines';
export const COMPLAINT_SURVEY_JOB = 'complaints-survey';

/** Complaints filed in chat (or the mini-program, or by staff), handled to the end. */
export function complaintsModule(deps: CoreDeps): LaokeModule {
  const complaints = new ComplaintService(deps);
  const chatDeps: ComplaintChatDeps = {
    complaints,
    templates: deps.templates,
    dialogs: deps.dialogs as unknown as DialogEngine<MemberChatContext>,
    staff: deps.staff,
    timezone: deps.config.STORE_TIMEZONE,
    draftTtlMinutes: deps.config.COMPLAINT_DRAFT_TTL_MINUTES,
    forwardToAssistant: deps.forwardToAssistant,
  };
  const asAny = (d: DialogDefinition<MemberChatContext>) => d as unknown as DialogDefinition<AnyChatContext>;
  return {
    name: 'complaints',
    service: complaints,
    memberCommands: memberComplaintCommands(chatDeps),
    memberIntents: memberComplaintIntents(chatDeps),
    staffCommands: staffComplaintCommands(chatDeps),
    dialogs: [complaintDialog(chatDeps), confirmDialog(chatDeps), satisfactionDialog(chatDeps), surveyDialog(chatDeps)].map(asAny),
    routes: complaintRoutes({
      complaints,
      members: deps.members,
      staff: deps.staff,
      templates: deps.templates,
      ds: deps.ds,
      clock: deps.clock,
      timezone: deps.config.STORE_TIMEZONE,
    }),
    jobs: [
      {
        name: COMPLAINT_DEADLINES_JOB,
        schedule: '*/5 * * * *',
        description: 'Reminds the assistant of complaints not acknowledged in time and tells the manager of those not answered in time',
        run: (now) => complaints.runDeadlines(now),
      },
      {
        name: COMPLAINT_SURVEY_JOB,
        schedule: '20 * * * *',
        description: 'Sends the satisfaction survey a few days after a complaint was resolved (through the outbox when present)',
        run: (now) => complaints.runSurveys(now),
      },
    ],
  };
}
