import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit';
import type { MemberService } from '../members';
import type { ModuleParts } from '../module';
import type { Clock } from '../shared/clock';
import type { TemplateLibrary } from '../shared/templates';
import { MemberPurchasesQuery } from './member-purchases.query';
import { PurchaseService } from './purchase.service';
import { purchaseRoutes } from './purchases.routes';

/** What the purchases module needs, explicitly (the composition root passes these). */
export interface PurchasesModuleDeps {
  ds: DataSource;
  clock: Clock;
  members: Pick<MemberService, 'phoneLookupHash'>;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  /** Store time zone (POS times without an offset). */
  timezone: string;
  templates: TemplateLibrary;
}

export interface PurchasesModule extends ModuleParts {
  service: PurchaseService;
  /** A member's own purchases, a page at a time (the mini-program). */
  memberPurchases: MemberPurchasesQuery;
}

/** Purchases: recording, POS import, and reading them back per member. */
export function createPurchasesModule(deps: PurchasesModuleDeps): PurchasesModule {
  const service = new PurchaseService({ ds: deps.ds, clock: deps.clock, members: deps.members, timezone: deps.timezone, templates: deps.templates });
  return {
    service,
    memberPurchases: new MemberPurchasesQuery({ ds: deps.ds, clock: deps.clock }),
    routes: purchaseRoutes({ ds: deps.ds, purchases: service, members: deps.members, audit: deps.audit }),
  };
}
