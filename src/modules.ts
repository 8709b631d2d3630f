import { careModule } from './care/care.module';
import { complaintsModule } from './complaints/complaints.module';
import { loyaltyModule } from './loyalty/loyalty.module';
import type { ModuleFactory } from './module';
import { outboxModule } from './outbox/outbox.module';
import { purchasesModule } from './purchases/purchases.module';
import { surveysModule } from './surveys/surveys.module';

/** Transitional: modules still built from CoreDeps, in their old order. */
export const legacyModuleFactories: ModuleFactory[] = [careModule, complaintsModule, purchasesModule, loyaltyModule, outboxModule, surveysModule];
