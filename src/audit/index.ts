import type { DataSource } from 'typeorm';
import type { ModuleParts } from '../module';
import type { Clock } from '../shared/clock';
import { AuditEntry } from './audit-entry.entity';
import { auditRoutes } from './audit.routes';
import { AuditService } from './audit.service';

export { AuditEntry } from './audit-entry.entity';
export { AuditService, type AuditActor, type AuditQuery, type AuditRecord } from './audit.service';

export const auditEntities = [AuditEntry];

export interface AuditModule extends ModuleParts {
  service: AuditService;
}

/** The audit log of staff access to member data: written by every staff action, read by managers. */
export function createAuditModule(deps: { ds: DataSource; clock: Clock }): AuditModule {
  const service = new AuditService(deps.ds, deps.clock);
  return { service, routes: auditRoutes(service) };
}
