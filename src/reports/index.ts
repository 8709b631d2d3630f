import type { DataSource } from 'typeorm';
import type { ChatFeatures, ChatNotifier } from '../chat';
import type { DeadlineConfig } from '../complaints';
import type { LostMemberFigures, ReferralFigures, VipPlanFigures } from '../loyalty';
import type { ModuleParts } from '../module';
import type { Clock } from '../shared/clock';
import type { StoreCalendar } from '../shared/store-hours';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import type { StaffService } from '../staff';
import { assistantReportCommand, sendMonthlyReport } from './assistant-figures/assistant-figures.chat';
import { AssistantReportDelivery } from './assistant-figures/assistant-report-delivery.entity';
import { assistantFiguresRoutes } from './assistant-figures/assistant-figures.routes';
import { careReportRoutes } from './care-report.routes';
import { complaintsReportRoutes } from './complaints-report.routes';
import { reportCsvRoutes } from './csv/report-csv.routes';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { retentionRoutes } from './retention/retention.routes';
import { satisfactionReportRoutes, type SatisfactionReportRoutesDeps } from './satisfaction-report.routes';

export { retentionReport, type RetentionReportDeps } from './retention/retention-report';
export { retentionReportSchema, type RetentionReport } from './retention/retention.schema';
export { careReport, type CareReportDeps } from './care-report';
export { complaintReport, complaintReportSchema } from './complaints-report';
export { assistantFigures, type AssistantFigures } from './assistant-figures/assistant-figures';
export { parseReportMonth } from './assistant-figures/assistant-figures.chat';

export const reportEntities = [AssistantReportDelivery];

export { csvText, type CsvCell } from './csv/csv-text';
export { dashboardCharts, type DashboardChartsDeps } from './dashboard/dashboard-charts';
export { dashboardToday, type DashboardTodayDeps } from './dashboard/dashboard-today';
export { CONTACT_REASONS, dashboardSummarySchema, type ContactReason, type DashboardSummary } from './dashboard/dashboard.schema';

export interface ReportsDeps {
  ds: DataSource;
  clock: Clock;
  /** Store time zone: report days, months and quarters are store time. */
  timezone: string;
  /** Opening hours and holidays, for complaint times in store time. */
  storeHours: StoreCalendar;
  staff: StaffService;
  templates: TemplateLibrary;
  /** The quarterly survey's summary (the surveys module). */
  satisfaction: SatisfactionReportRoutesDeps['satisfaction'];
  log: Logger;
  /** 月报 and the managers' message on the 1st go through chat. */
  notifier: ChatNotifier;
  /** Loyalty's figures: VIP plan completion, successful referrals, members who removed the store. */
  vipPlan: VipPlanFigures;
  referrals: ReferralFigures;
  lost: LostMemberFigures;
  /** Complaint deadlines (COMPLAINT_ACK_MINUTES, COMPLAINT_ANSWER_HOURS, store hours): when an open ticket is due. */
  deadlines: DeadlineConfig;
  /** DORMANT_AFTER_DAYS: when a member without a purchase counts as lost. */
  dormantDays: number;
}

/**
 * Every `/admin/reports/*` (JSON and CSV), the console's dashboard summary, and the assistants' monthly
 * figures (also `月报` in chat and the managers' message on the 1st). Read-only figures.
 */
export function createReportsModule(deps: ReportsDeps): ModuleParts & ChatFeatures {
  const { ds, clock, timezone } = deps;
  const figures = { ...deps, ds, timezone, staff: deps.staff };
  return {
    routes: [
      ...complaintsReportRoutes({ ds, clock, timezone, storeHours: deps.storeHours }),
      ...careReportRoutes({ ds, clock, timezone, staff: deps.staff }),
      ...satisfactionReportRoutes({ clock, timezone, satisfaction: deps.satisfaction }),
      ...assistantFiguresRoutes(figures),
      ...reportCsvRoutes({ ds, clock, timezone, staff: deps.staff, templates: deps.templates, satisfaction: deps.satisfaction }),
      ...retentionRoutes({ ds, clock, timezone, staff: deps.staff, templates: deps.templates, dormantDays: deps.dormantDays }),
      ...dashboardRoutes({ ds, clock, timezone, staff: deps.staff, deadlines: deps.deadlines, dormantDays: deps.dormantDays }),
    ],
    staffCommands: [assistantReportCommand(figures)],
    jobs: [
      {
        name: 'assistant-report-monthly',
        // Hourly through the 1st's working day: a manager not reached (chat offline) is tried again; one reached is not.
        schedule: '0 9-20 1 * *',
        description: "Sends every manager last month's figures per assistant in chat, once",
        run: (now) => sendMonthlyReport(figures, now),
      },
    ],
  };
}
