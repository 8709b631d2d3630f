import type { CoreDeps, LaokeModule } from '../module';
import { auditRoutes } from './audit.routes';
import { AuditService } from './audit.service';

/** The audit log of staff access to member data; its service is `deps.services.audit`. */
export function auditModule(deps: CoreDeps): LaokeModule {
  const service = new AuditService(deps.ds, deps.clock);
  return { name: 'audit', service, routes: auditRoutes(service) };
}
