import type { DataSource } from 'typeorm';
import type { MemberChatContext } from '../chat/commands';
import type { DialogDefinition } from '../chat/dialog-engine';
import type { AnyChatContext } from '../chat/message-handler';
import type { Config } from '../config';
import type { CoreDeps, LaokeModule } from '../module';
import type { OutboxPort } from '../outbox';
import { satisfactionReportRoutes } from '../reports/satisfaction-report.routes';
import type { Clock } from '../shared/clock';
import type { TemplateLibrary } from '../shared/templates';
import { SurveyService } from './survey.service';

export interface SurveysModuleDeps {
  config: Readonly<Config>;
  ds: DataSource;
  clock: Clock;
  templates: TemplateLibrary;
  outbox: OutboxPort;
  forwardToAssistant(ctx: MemberChatContext, text: string, reason: 'message' | 'human'): Promise<void>;
}

export interface SurveysModule extends LaokeModule {
  surveys: SurveyService;
}

/** The quarterly satisfaction survey: planned into the outbox, answered in chat, summarised for managers. */
export function createSurveysModule(deps: SurveysModuleDeps): SurveysModule {
  const service = new SurveyService({
    ds: deps.ds,
    clock: deps.clock,
    templates: deps.templates,
    outbox: deps.outbox,
    timezone: deps.config.STORE_TIMEZONE,
    activeDays: deps.config.SURVEY_ACTIVE_DAYS,
    ttlHours: deps.config.SURVEY_TTL_HOURS,
    // A third of the account's daily ceiling, so greetings keep their room.
    perDay: Math.max(1, Math.floor(deps.config.OUTBOX_DAILY_LIMIT / 3)),
    storeName: deps.config.STORE_NAME,
    forwardToAssistant: deps.forwardToAssistant,
  });
  return {
    name: 'surveys',
    service,
    surveys: service,
    dialogs: [service.dialog() as unknown as DialogDefinition<AnyChatContext>],
    jobs: [
      {
        name: 'survey-plan',
        schedule: deps.config.SURVEY_SCHEDULE,
        description: 'Invites members active in the last SURVEY_ACTIVE_DAYS days to the quarterly satisfaction survey',
        run: (now) => service.plan(now),
      },
    ],
    // Until the reports module exists (it serves every /admin/reports/*).
    routes: satisfactionReportRoutes({ clock: deps.clock, timezone: deps.config.STORE_TIMEZONE, satisfaction: service }),
  };
}

/** Adapter from today's CoreDeps (the composition root will call createSurveysModule directly). */
export function surveysModule(deps: CoreDeps): LaokeModule {
  return createSurveysModule({ ...deps, outbox: deps.services.outbox as OutboxPort });
}
