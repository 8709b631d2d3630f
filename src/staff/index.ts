import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit';
import type { RouteDef } from '../http/route';
import type { Clock } from '../shared/clock';
import { ConsoleSession } from './console/console-session.entity';
import { consoleSessionRoutes, type SignInRateCounter } from './console/console-session.routes';
import { ConsoleSessions, DEFAULT_CONSOLE_SESSION_SETTINGS, type ConsoleSessionSettings } from './console/console-sessions';
import { ConsoleSignInCode } from './console/sign-in-code.entity';
import { StaffToken } from './staff-token.entity';
import { Staff } from './staff.entity';
import { staffRoutes } from './staff.routes';
import { StaffService } from './staff.service';

export { assertCanReachMember, canReachMember, type AssignedToAssistant } from './access';
export { ConsoleSession, type ConsoleSignInMethod } from './console/console-session.entity';
export { CONSOLE_SIGN_IN_PER_MINUTE, type SignInRateCounter } from './console/console-session.routes';
export { ConsoleSessions, csrfTokenOf, DEFAULT_CONSOLE_SESSION_SETTINGS, type ConsoleSessionSettings, type ConsoleSessionView } from './console/console-sessions';
export { ConsoleSignInCode } from './console/sign-in-code.entity';
export { StaffToken } from './staff-token.entity';
export { STAFF_ROLES, Staff, type StaffRole } from './staff.entity';
export { hashToken, StaffService } from './staff.service';

export const staffEntities = [Staff, StaffToken, ConsoleSession, ConsoleSignInCode];

export interface StaffModule {
  service: StaffService;
  /** The staff console's sign-in codes and sessions. */
  consoleSessions: ConsoleSessions;
  /** The staff API; built once the members module (which sits above staff) can count an assistant's members. */
  routes(deps: {
    audit: AuditService;
    memberCount(assistantId: number): Promise<number>;
    releaseOpenWork(em: EntityManager, leaver: Staff): Promise<() => Promise<void>>;
    /** Sign-in attempts counted where every instance sees them. */
    rateCounter: SignInRateCounter;
  }): RouteDef[];
}

/** Staff accounts, tokens, roles, console sessions and the access rule (an assistant reaches their own members). */
export function createStaffModule(deps: {
  ds: DataSource;
  clock: Clock;
  /** Keyed hash for console sign-in codes (the privacy module's lookup hash). */
  codeHash(code: string): string;
  console?: Partial<ConsoleSessionSettings>;
}): StaffModule {
  const service = new StaffService(deps.ds, deps.clock);
  const settings = { ...DEFAULT_CONSOLE_SESSION_SETTINGS, ...deps.console };
  const consoleSessions = new ConsoleSessions({ ds: deps.ds, clock: deps.clock, staff: service, codeHash: deps.codeHash, settings });
  return {
    service,
    consoleSessions,
    routes: ({ rateCounter, ...more }) => [
      ...staffRoutes({ clock: deps.clock, staff: service, ...more }),
      ...consoleSessionRoutes({ sessions: consoleSessions, settings, audit: more.audit, rateCounter }),
    ],
  };
}
