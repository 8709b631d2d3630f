import type { AuditService } from '../audit/audit.service';
import type { CoreDeps, LaokeModule } from '../module';
import { adminMemberRoutes } from './admin-members.routes';
import { AdminMembersService } from './admin-members.service';
import { adminStaffRoutes } from './admin-staff.routes';

/** The staff API: members (search, detail, tags, notes, reassign), staff accounts and hand-over. */
export function adminModule(deps: CoreDeps): LaokeModule {
  const audit = deps.services.audit as AuditService;
  const service = new AdminMembersService({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    templates: deps.templates,
    members: deps.members,
    staff: deps.staff,
    notifier: deps.notifier,
    audit,
    services: deps.services,
  });
  return {
    name: 'admin',
    service,
    routes: [...adminMemberRoutes(service), ...adminStaffRoutes({ ds: deps.ds, clock: deps.clock, staff: deps.staff, audit, members: service })],
  };
}
