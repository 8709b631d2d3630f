import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit';
import type { RouteDef } from '../http/route';
import type { Clock } from '../shared/clock';
import { StaffToken } from './staff-token.entity';
import { Staff } from './staff.entity';
import { staffRoutes } from './staff.routes';
import { StaffService } from './staff.service';

export { assertCanReachMember, canReachMember, type AssignedToAssistant } from './access';
export { StaffToken } from './staff-token.entity';
export { STAFF_ROLES, Staff, type StaffRole } from './staff.entity';
export { hashToken, StaffService } from './staff.service';

export const staffEntities = [Staff, StaffToken];

export interface StaffModule {
  service: StaffService;
  /** The staff API; built once the members module (which sits above staff) can count an assistant's members. */
  routes(deps: {
    audit: AuditService;
    memberCount(assistantId: number): Promise<number>;
    releaseOpenWork(em: EntityManager, leaver: Staff): Promise<() => Promise<void>>;
  }): RouteDef[];
}

/** Staff accounts, tokens, roles and the access rule (an assistant reaches their own members). */
export function createStaffModule(deps: { ds: DataSource; clock: Clock }): StaffModule {
  const service = new StaffService(deps.ds, deps.clock);
  return { service, routes: (more) => staffRoutes({ clock: deps.clock, staff: service, ...more }) };
}
