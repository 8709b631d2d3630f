import { careModule } from './care/care.module';
import { complaintsModule } from './complaints/complaints.module';
import type { ModuleFactory } from './module';
import { outboxModule } from './outbox/outbox.module';
import { surveysModule } from './surveys/surveys.module';

/** Transitional: modules still built from CoreDeps, in their old order. */
export const legacyModuleFactories: ModuleFactory[] = [careModule, complaintsModule, outboxModule, surveysModule];
