/** The care module's public face: occasion planning, the assistant's morning list and its cut-off. */
export { createCareModule, type CareModule, type CareModuleDeps } from './care.module';
export { CarePlanner, type CarePlannerDeps, type OccasionSummary, type PlanSummary } from './care-planner';
export { MorningListService, type MorningListDeps, type MorningListSettings } from './morning-list/morning-list.service';
export type { MorningTaskSource } from './morning-list/morning-tasks';
export { careEntities } from './care.entities';
export { addDays } from './occasion-calendar';
export { CareOutlook, BELATED_BIRTHDAY_DAYS, type CareOutlookDeps } from './care-outlook';
export type { CareLevels } from './care-levels';
export { CareForecast, type Forecast, type ForecastAccount } from './forecast/care-forecast';
export type { AccountDay, OccasionCount } from './forecast/forecast-rules';
