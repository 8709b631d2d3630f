import { z } from 'zod';
import type { DialogDefinition } from '../chat/dialog-engine';
import type { AnyChatContext } from '../chat/message-handler';
import { defineRoute } from '../http/route';
import type { CoreDeps, LaokeModule } from '../module';
import { OutboxStore } from '../outbox/outbox-store';
import { quarterOf } from '../outbox/outbox-rules';
import { SurveyService } from './survey.service';

const dimensionSchema = z.object({ answers: z.number().int(), average: z.number().nullable() });

/** The quarterly satisfaction survey: planned into the outbox, answered in chat, summarised for managers. */
export function surveysModule(deps: CoreDeps): LaokeModule {
  const service = new SurveyService({
    ds: deps.ds,
    clock: deps.clock,
    templates: deps.templates,
    store: new OutboxStore(deps.ds, deps.clock),
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
    dialogs: [service.dialog() as unknown as DialogDefinition<AnyChatContext>],
    jobs: [
      {
        name: 'survey-plan',
        schedule: deps.config.SURVEY_SCHEDULE,
        description: 'Invites members active in the last SURVEY_ACTIVE_DAYS days to the quarterly satisfaction survey',
        run: (now) => service.plan(now),
      },
    ],
    routes: [
      defineRoute({
        method: 'get',
        path: '/admin/reports/satisfaction',
        summary: 'Quarterly satisfaction survey: average per dimension (1–5), NPS, completed and partial answers',
        tags: ['reports'],
        auth: { kind: 'staff', roles: ['manager', 'admin'] },
        query: z.object({ quarter: z.string().regex(/^\d{4}Q[1-4]$/, 'expected e.g. 2026Q4').optional() }),
        response: z.object({
          quarter: z.string(),
          invited: z.number().int(),
          responses: z.number().int(),
          completed: z.number().int(),
          partial: z.number().int(),
          dimensions: z.record(z.string(), dimensionSchema),
          nps: z.object({
            answers: z.number().int(),
            promoters: z.number().int(),
            passives: z.number().int(),
            detractors: z.number().int(),
            score: z.number().int().nullable(),
          }),
        }),
        async handler({ query }) {
          return service.report(query.quarter ?? quarterOf(deps.clock.now(), deps.config.STORE_TIMEZONE).key);
        },
      }),
    ],
  };
}

