import type { DataSource } from 'typeorm';
import type { MemberService } from '../members/member.service';
import type { CoreDeps, LaokeModule } from '../module';
import type { OutboxPort } from '../outbox/outbox.port';
import type { PurchasesReader } from '../purchases';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import { LoyaltyService } from './loyalty.service';
import { pointsCommand } from './points-chat';
import { parseTierThresholds, type TierThreshold } from './tiers';

/** What the loyalty module needs, explicitly (the composition root passes these). */
export interface LoyaltyModuleDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  members: Pick<MemberService, 'assistantOf'>;
  purchases: Pick<PurchasesReader, 'spendStatsFor' | 'summaryForMember'>;
  /** Parsed TIER_THRESHOLDS, lowest first. */
  thresholds: readonly TierThreshold[];
  /** DORMANT_AFTER_DAYS. */
  dormantDays: number;
  /** Store time zone (the upgrade message's occasion date). */
  timezone: string;
  outbox?: OutboxPort;
}

export interface LoyaltyModule extends LaokeModule {
  service: LoyaltyService;
}

/** Loyalty: tiers by 12-month spend, lifecycle, the nightly refresh, tier-upgrade messages and 积分. */
export function createLoyaltyModule(deps: LoyaltyModuleDeps): LoyaltyModule {
  const service = new LoyaltyService(deps);
  return {
    name: 'loyalty',
    service,
    // 积分 (DESIGN.md chat words): tier and 12-month spend.
    memberCommands: [pointsCommand({ purchases: deps.purchases, templates: deps.templates, thresholds: deps.thresholds })],
    jobs: [
      {
        // The name predates the loyalty module; /dev/jobs/<name>/run and the run coordinator use it.
        name: 'purchases-segments',
        schedule: '40 2 * * *',
        description: 'Recomputes member tiers (12-month spend) and marks members who stopped buying as dormant',
        run: () => service.refreshSegments(),
      },
    ],
  };
}

/** Until the composition root wires modules explicitly: adapts CoreDeps; its service is `deps.services.loyalty`. */
export function loyaltyModule(deps: CoreDeps): LaokeModule {
  // The outbox module registers after this one: look it up when an upgrade is announced.
  const outbox: OutboxPort = {
    enqueue: (item) => {
      const registered = deps.services.outbox as OutboxPort | undefined;
      if (!registered) throw new Error('no outbox module registered');
      return registered.enqueue(item);
    },
  };
  return createLoyaltyModule({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    templates: deps.templates,
    members: deps.members,
    purchases: deps.services.purchases as PurchasesReader,
    // Late: config already validated TIER_THRESHOLDS; the lead moves the parsed value into Config.
    thresholds: parseTierThresholds(deps.config.TIER_THRESHOLDS) ?? [],
    dormantDays: deps.config.DORMANT_AFTER_DAYS,
    timezone: deps.config.STORE_TIMEZONE,
    outbox,
  });
}
