import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { MemberService } from '../members/member.service';
import type { CoreDeps, LaokeModule } from '../module';
import type { Clock } from '../shared/clock';
import { PurchaseService, type PurchasesRecordedListener } from './purchase.service';
import { purchaseRoutes } from './purchases.routes';

/** What the purchases module needs, explicitly (the composition root passes these). */
export interface PurchasesModuleDeps {
  ds: DataSource;
  clock: Clock;
  members: Pick<MemberService, 'phoneLookupHash'>;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  /** Store time zone (POS times without an offset). */
  timezone: string;
  /** Awaited after purchases are stored, with the members who got new ones (loyalty's refreshMembers). */
  onRecorded?: PurchasesRecordedListener;
}

export interface PurchasesModule extends LaokeModule {
  service: PurchaseService;
}

/** Purchases: recording, POS import, and reading them back per member. */
export function createPurchasesModule(deps: PurchasesModuleDeps): PurchasesModule {
  const service = new PurchaseService({ ds: deps.ds, clock: deps.clock, members: deps.members, timezone: deps.timezone, onRecorded: deps.onRecorded });
  return {
    name: 'purchases',
    service,
    routes: purchaseRoutes({ ds: deps.ds, purchases: service, members: deps.members, audit: deps.audit }),
  };
}

/** Until the composition root wires modules explicitly: adapts CoreDeps; its service is `deps.services.purchases`. */
export function purchasesModule(deps: CoreDeps): LaokeModule {
  return createPurchasesModule({
    ds: deps.ds,
    clock: deps.clock,
    members: deps.members,
    audit: deps.services.audit as AuditService,
    timezone: deps.config.STORE_TIMEZONE,
    // Loyalty registers after purchases (it reads them): look its refresh up when purchases are stored.
    onRecorded: async (memberIds) => {
      const loyalty = deps.services.loyalty as { refreshMembers(ids: number[]): Promise<unknown> } | undefined;
      if (loyalty) await loyalty.refreshMembers(memberIds);
    },
  });
}
