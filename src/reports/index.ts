import type { DataSource } from 'typeorm';
import type { DeadlineConfig } from '../complaints';
import type { ModuleParts } from '../module';
import type { Clock } from '../shared/clock';
import type { TemplateLibrary } from '../shared/templates';
import type { StaffService } from '../staff';
import { careReportRoutes } from './care-report.routes';
import { complaintsReportRoutes } from './complaints-report.routes';
import { reportCsvRoutes } from './csv/report-csv.routes';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { satisfactionReportRoutes, type SatisfactionReportRoutesDeps } from './satisfaction-report.routes';

export { careReport, type CareReportDeps } from './care-report';
export { complaintReport, complaintReportSchema } from './complaints-report';
export { csvText, type CsvCell } from './csv/csv-text';
export { dashboardCharts, type DashboardChartsDeps } from './dashboard/dashboard-charts';
export { dashboardToday, type DashboardTodayDeps } from './dashboard/dashboard-today';
export { CONTACT_REASONS, dashboardSummarySchema, type ContactReason, type DashboardSummary } from './dashboard/dashboard.schema';

export interface ReportsDeps {
  ds: DataSource;
  clock: Clock;
  /** Store time zone: report days, months and quarters are store time. */
  timezone: string;
  staff: StaffService;
  templates: TemplateLibrary;
  /** The quarterly survey's summary (the surveys module). */
  satisfaction: SatisfactionReportRoutesDeps['satisfaction'];
  /** Complaint deadlines (COMPLAINT_ACK_MINUTES, COMPLAINT_ANSWER_HOURS): when an open ticket is due. */
  deadlines: DeadlineConfig;
  /** DORMANT_AFTER_DAYS: when a member without a purchase counts as lost. */
  dormantDays: number;
}

/** Every `/admin/reports/*` (JSON and CSV) and the console's dashboard summary. Read-only figures. */
export function createReportsModule(deps: ReportsDeps): ModuleParts {
  const { ds, clock, timezone } = deps;
  return {
    routes: [
      ...complaintsReportRoutes({ ds, clock, timezone }),
      ...careReportRoutes({ ds, clock, timezone, staff: deps.staff }),
      ...satisfactionReportRoutes({ clock, timezone, satisfaction: deps.satisfaction }),
      ...reportCsvRoutes({ ds, clock, timezone, staff: deps.staff, templates: deps.templates, satisfaction: deps.satisfaction }),
      ...dashboardRoutes({ ds, clock, timezone, staff: deps.staff, deadlines: deps.deadlines, dormantDays: deps.dormantDays }),
    ],
  };
}
