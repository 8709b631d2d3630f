import type { MemberChatContext } from '../chat/commands';
import type { DialogDefinition, DialogEngine } from '../chat/dialog-engine';
import type { AnyChatContext } from '../chat/message-handler';
import type { CoreDeps, LaokeModule } from '../module';
import type { OutboxPort } from '../outbox/outbox.port';
import { complaintsReportRoutes } from '../reports/complaints-report.routes';
import { UnavailableError } from '../shared/errors';
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
export function createComplaintsModule(deps: ComplaintsDeps): LaokeModule & { service: ComplaintService } {
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
  const asAny = (d: DialogDefinition<MemberChatContext>) => d as unknown as DialogDefinition<AnyChatContext>;
  return {
    name: 'complaints',
    service: complaints,
    memberCommands: memberComplaintCommands(chatDeps),
    memberIntents: memberComplaintIntents(chatDeps),
    staffCommands: staffComplaintCommands(chatDeps),
    dialogs: [complaintDialog(chatDeps), confirmDialog(chatDeps), satisfactionDialog(chatDeps), surveyDialog(chatDeps)].map(asAny),
    routes: [
      ...complaintRoutes({ complaints, members: deps.members, staff: deps.staff, templates: deps.templates }),
      // Until the reports module exists, the complaints report is mounted here.
      ...complaintsReportRoutes({ ds: deps.ds, clock: deps.clock, timezone: deps.timezone }),
    ],
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

/**
 * Adapts today's CoreDeps to ComplaintsDeps: the only place in complaints that reads `deps.config` or
 * `deps.services` (the composition root will build ComplaintsDeps itself).
 */
export function complaintsModule(deps: CoreDeps): LaokeModule {
  const { config } = deps;
  // The outbox module is built after this one, so its port is looked up when a survey is queued.
  const outbox: OutboxPort = {
    enqueue(item) {
      const port = deps.services.outbox as OutboxPort | undefined;
      if (!port) throw new UnavailableError('The outbox module is not running');
      return port.enqueue(item);
    },
  };
  return createComplaintsModule({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    templates: deps.templates,
    members: deps.members,
    staff: deps.staff,
    notifier: deps.notifier,
    outbox,
    dialogs: deps.dialogs as unknown as DialogEngine<MemberChatContext>,
    forwardToAssistant: deps.forwardToAssistant,
    timezone: config.STORE_TIMEZONE,
    storeName: config.STORE_NAME,
    staffRoomId: config.STAFF_ROOM_ID ?? null,
    ackMinutes: config.COMPLAINT_ACK_MINUTES,
    answerHours: config.COMPLAINT_ANSWER_HOURS,
    surveyDays: config.COMPLAINT_SURVEY_DAYS,
    draftTtlMinutes: config.COMPLAINT_DRAFT_TTL_MINUTES,
    minorMaxYuan: config.COMPLAINT_MINOR_MAX_YUAN,
    mediumMaxYuan: config.COMPLAINT_MEDIUM_MAX_YUAN,
  });
}
