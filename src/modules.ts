import type { ModuleFactory } from './module';
import { adminModule } from './admin/admin.module';
import { auditModule } from './audit/audit.module';
import { loyaltyModule } from './loyalty';
import { purchasesModule } from './purchases';
import { membersModule } from './members/members.module';
import { staffModule } from './staff/staff.module';
import { miniProgramModule } from './miniprogram/mp.module';
import { careModule } from './care/care.module';
import { complaintsModule } from './complaints/complaints.module';
import { outboxModule } from './outbox/outbox.module';
import { surveysModule } from './surveys/surveys.module';

/**
 * Every business module, in dependency order (a module may use the services of those before it,
 * through CoreDeps.services). Staff commands are tried in this order too. Add new modules at the end
 * (one line each).
 */
export const moduleFactories: ModuleFactory[] = [
  membersModule,
  staffModule,
  miniProgramModule,
  careModule,
  complaintsModule,
  auditModule,
  purchasesModule,
  loyaltyModule,
  adminModule,
  outboxModule,
  surveysModule,
];
