import { anyContextDialog, type ChatFeatures } from '../chat';
import type { ModuleParts } from '../module';
import { satisfactionDialog, surveyDialog } from './chat/answer-dialogs';
import type { ComplaintChatDeps } from './chat/complaint-chat-deps';
import { complaintDialog, confirmDialog } from './chat/filing-dialogs';
import { memberComplaintCommands, memberComplaintIntents } from './chat/member-words';
import { staffComplaintCommands } from './chat/staff-commands';
import { ComplaintService } from './complaint.service';
import type { ComplaintsDeps } from './complaints-deps';
import { complaintRoutes } from './routes/complaints.routes';

export const COMPLAINT_DEADLINES_JOB = 'complaints-deadlines';
export const COMPLAINT_SURVEY_JOB = 'complaints-survey';

/** Complaints filed in chat (or the mini-program, or by staff), handled to the end. */
export interface ComplaintsModule extends ModuleParts, ChatFeatures {
  service: ComplaintService;
}

export function createComplaintsModule(deps: ComplaintsDeps): ComplaintsModule {
  const complaints = new ComplaintService(deps);
  const chatDeps: ComplaintChatDeps = {
    complaints,
    templates: deps.templates,
    dialogs: deps.dialogs,
    staff: deps.staff,
    timezone: deps.timezone,
    draftTtlMinutes: deps.draftTtlMinutes,
    forwardToAssistant: deps.forwardToAssistant,
  };
  return {
    service: complaints,
    memberCommands: memberComplaintCommands(chatDeps),
    memberIntents: memberComplaintIntents(chatDeps),
    staffCommands: staffComplaintCommands(chatDeps),
    dialogs: [complaintDialog(chatDeps), confirmDialog(chatDeps), satisfactionDialog(chatDeps), surveyDialog(chatDeps)].map(anyContextDialog),
    routes: complaintRoutes({ complaints, members: deps.members, staff: deps.staff, templates: deps.templates }),
    jobs: [
      {
        name: COMPLAINT_DEADLINES_JOB,
        schedule: '*/5 * * * *',
        description: 'Reminds the assistant of complaints not acknowledged in time and tells the manager of those not answered in time',
        run: (now) => complaints.deadlines.run(now),
      },
      {
        name: COMPLAINT_SURVEY_JOB,
        schedule: '20 * * * *',
        description: 'Queues the satisfaction survey in the outbox a few days after a complaint was resolved',
        run: (now) => complaints.survey.run(now),
      },
    ],
  };
}
