import type { ModuleFactory } from './module';
import { membersModule } from './members/members.module';
import { staffModule } from './staff/staff.module';

/**
 * Every business module, in dependency order (a module may use the services of those before it,
 * through CoreDeps.services). Staff commands are tried in this order too. Add new modules at the end
 * (one line each).
 */
export const moduleFactories: ModuleFactory[] = [
  membersModule,
  staffModule,
];
