import type { RouteDef } from '../../http/route';
import { complaintActionRoutes } from './complaint-actions.routes';
import { complaintTicketRoutes } from './complaint-tickets.routes';
import { complaintViews, type ComplaintRouteDeps } from './complaint-views';

/** The staff API under /admin/complaints (the report is served by src/reports). */
export function complaintRoutes(deps: ComplaintRouteDeps): RouteDef[] {
  // One view builder, so every route shares its cache of staff names.
  const views = complaintViews(deps);
  return [...complaintTicketRoutes(deps, views), ...complaintActionRoutes(deps, views)];
}
