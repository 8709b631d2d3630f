import type { DataSource } from 'typeorm';
import type { ModuleParts } from '../module';
import type { Clock } from '../shared/clock';
import type { StoreCalendar } from '../shared/store-hours';
import type { StaffService } from '../staff';
import { careReportRoutes } from './care-report.routes';
import { complaintsReportRoutes } from './complaints-report.routes';
import { satisfactionReportRoutes, type SatisfactionReportRoutesDeps } from './satisfaction-report.routes';

export { careReport, type CareReportDeps } from './care-report';
export { complaintReport, complaintReportSchema } from './complaints-report';

export interface ReportsDeps {
  ds: DataSource;
  clock: Clock;
  /** Store time zone: report days, months and quarters are store time. */
  timezone: string;
  /** Opening hours and holidays, for complaint times in store time. */
  storeHours: StoreCalendar;
  staff: StaffService;
  /** The quarterly survey's summary (the surveys module). */
  satisfaction: SatisfactionReportRoutesDeps['satisfaction'];
}

/** Every `/admin/reports/*`: complaints, care per assistant, satisfaction. Read-only figures for managers. */
export function createReportsModule(deps: ReportsDeps): ModuleParts {
  const { ds, clock, timezone } = deps;
  return {
    routes: [
      ...complaintsReportRoutes({ ds, clock, timezone, storeHours: deps.storeHours }),
      ...careReportRoutes({ ds, clock, timezone, staff: deps.staff }),
      ...satisfactionReportRoutes({ clock, timezone, satisfaction: deps.satisfaction }),
    ],
  };
}
