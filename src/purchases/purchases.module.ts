import type { AuditService } from '../audit/audit.service';
import type { CoreDeps, LaokeModule } from '../module';
import { pointsCommand } from './points-chat';
import { PurchaseService } from './purchase.service';
import { purchaseRoutes } from './purchases.routes';
import { parseTierThresholds } from './tiers';

/** Purchases: recording, POS import, tiers and lifecycle; its service is `deps.services.purchases`. */
export function purchasesModule(deps: CoreDeps): LaokeModule {
  const thresholds = parseTierThresholds(deps.config.TIER_THRESHOLDS) ?? [];
  const service = new PurchaseService({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    templates: deps.templates,
    members: deps.members,
    thresholds,
    dormantDays: deps.config.DORMANT_AFTER_DAYS,
    timezone: deps.config.STORE_TIMEZONE,
    services: deps.services,
  });
  const audit = deps.services.audit as AuditService;
  return {
    name: 'purchases',
    service,
    // 积分 (DESIGN.md chat words): tier and 12-month spend.
    memberCommands: [pointsCommand({ purchases: service, templates: deps.templates, thresholds })],
    routes: purchaseRoutes({ ds: deps.ds, purchases: service, members: deps.members, audit }),
    jobs: [
      {
        name: 'purchases-segments',
        schedule: '40 2 * * *',
        description: 'Recomputes member tiers (12-month spend) and marks members who stopped buying as dormant',
        run: () => service.refreshSegments(),
      },
    ],
  };
}
