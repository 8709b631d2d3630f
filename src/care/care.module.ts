import type { ChatFeatures, ChatNotifier } from '../chat';
import type { ModuleParts, Platform } from '../module';
import { dailyCron, deliverySettings, type OutboxPort, type OutboxPreview } from '../outbox';
import type { StaffService } from '../staff';
import type { CareLevels } from './care-levels';
import { CarePlanner } from './care-planner';
import { careRoutes } from './care.routes';
import { CapacityNotes, joinTaskSources } from './forecast/capacity-notes';
import { CareForecast } from './forecast/care-forecast';
import { forecastRoutes } from './forecast/forecast.routes';
import { draftStaffCommand } from './morning-list/morning-list.commands';
import { morningListRoutes } from './morning-list/morning-list.routes';
import { MorningListService } from './morning-list/morning-list.service';
import type { MorningTaskSource } from './morning-list/morning-tasks';

export interface CareModuleDeps extends Platform {
  staff: StaffService;
  notifier: ChatNotifier;
  /** Where the planner queues its drafts (batched). */
  outbox: OutboxPort;
  /** Delivery's decision for a draft, asked before the morning list offers it. */
  preview: OutboxPreview;
  /** People to contact, listed below the morning list's drafts (loyalty: VIP visit plan, at-risk members). */
  tasks?: MorningTaskSource;
  /** Who gets less care (loyalty's low-value segment); without it every member gets every occasion. */
  levels?: CareLevels;
}

export interface CareModule extends ModuleParts, ChatFeatures {
  planner: CarePlanner;
  morningList: MorningListService;
  forecast: CareForecast;
}

/**
 * Proactive care: the daily planning (job `care-plan`) of birthdays, festivals, season change,
 * long-time-no-see and purchase follow-ups into outbox drafts; the assistant's morning list of those
 * drafts (job `care-digest`, chat answers, `/admin/care/drafts*`) and the cut-off (job `care-cutoff`).
 * Delivery is the outbox module's.
 */
export function createCareModule(deps: CareModuleDeps): CareModule {
  const care = deps.config.CARE_CONFIG;
  const timezone = deps.config.STORE_TIMEZONE;
  const planner = new CarePlanner({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    templates: deps.templates,
    care,
    timezone,
    storeName: deps.config.STORE_NAME,
    outbox: deps.outbox,
    levels: deps.levels,
  });
  // What the chat accounts can send against what care expects to send, days ahead (and in the managers' digest).
  const forecast = new CareForecast({ ds: deps.ds, templates: deps.templates, care, timezone, accounts: deps.config.chatAccounts });
  const capacityNotes = new CapacityNotes({
    ds: deps.ds,
    templates: deps.templates,
    staff: deps.staff,
    forecast,
    timezone,
    label: (occasion, date) => forecast.label(occasion, date),
  });
  const settings = { timezone, digestTime: deps.config.CARE_DIGEST_TIME, cutoffTime: deps.config.CARE_CUTOFF_TIME };
  const morningList = new MorningListService({
    ds: deps.ds,
    clock: deps.clock,
    templates: deps.templates,
    staff: deps.staff,
    notifier: deps.notifier,
    settings,
    preview: deps.preview,
    holdSettings: deliverySettings(deps.config),
    storeName: deps.config.STORE_NAME,
    tasks: joinTaskSources(deps.tasks, capacityNotes),
  });
  return {
    planner,
    morningList,
    forecast,
    staffCommands: [draftStaffCommand((staffId, cmd, now) => morningList.act(staffId, cmd, now))],
    jobs: [
      {
        name: 'care-plan',
        schedule: dailyCron(care.planTime),
        description: "Plans today's care messages (birthdays, festivals, season, long time no see, purchase follow-ups) as drafts",
        run: (now) => planner.planToday(now),
      },
      {
        name: 'care-digest',
        schedule: dailyCron(settings.digestTime),
        description: 'Sends every assistant the numbered list of today’s drafts for their members',
        run: (now) => morningList.sendDigests(now),
      },
      {
        name: 'care-cutoff',
        schedule: dailyCron(settings.cutoffTime),
        description: 'Unhandled drafts: auto-send occasions go out as they are, approval-required ones are skipped',
        run: (now) => morningList.cutoff(now),
      },
    ],
    routes: [
      ...careRoutes({ clock: deps.clock, timezone, care, planner }),
      ...morningListRoutes({ clock: deps.clock, morningList }),
      ...forecastRoutes({ clock: deps.clock, forecast }),
    ],
  };
}
