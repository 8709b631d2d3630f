import type { DataSource } from 'typeorm';
import { anyContextDialog, type ChatFeatures, type MemberChatContext } from '../chat';
import type { Config } from '../config';
import type { ModuleParts } from '../module';
import type { OutboxPort } from '../outbox';
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

export interface SurveysModule extends ModuleParts, ChatFeatures {
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
    surveys: service,
    dialogs: [anyContextDialog(service.dialog())],
    jobs: [
      {
        name: 'survey-plan',
        schedule: deps.config.SURVEY_SCHEDULE,
        description: 'Invites members active in the last SURVEY_ACTIVE_DAYS days to the quarterly satisfaction survey',
        run: (now) => service.plan(now),
      },
    ],
  };
}
