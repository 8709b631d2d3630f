import type { DataSource } from 'typeorm';
import type { MemberService } from '../members';
import type { ChatFeatures } from '../chat';
import type { ModuleParts } from '../module';
import type { OutboxPort } from '../outbox';
import type { PurchaseService, PurchasesReader } from '../purchases';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import { LoyaltyService } from './loyalty.service';
import { pointsCommand } from './points-chat';
import { segmentsParts, type RfmConfig, type SegmentService } from './segments';
import type { TierThreshold } from './tiers';

/** What the loyalty module needs, explicitly (the composition root passes these). */
export interface LoyaltyModuleDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  members: Pick<MemberService, 'assistantOf'>;
  purchases: Pick<PurchasesReader, 'spendStatsFor' | 'summaryForMember'> & Pick<PurchaseService, 'whenRecorded'>;
  /** Parsed TIER_THRESHOLDS, lowest first. */
  thresholds: readonly TierThreshold[];
  /** DORMANT_AFTER_DAYS. */
  dormantDays: number;
  /** Store time zone (the upgrade message's occasion date). */
  timezone: string;
  outbox: OutboxPort;
  /** RFM_CONFIG. */
  rfm: RfmConfig;
}

export interface LoyaltyModule extends ModuleParts, ChatFeatures {
  service: LoyaltyService;
  /** RFM segments: nightly scoring, the member search's filter, care levels, at-risk members. */
  segments: SegmentService;
}

/** Loyalty: tiers by 12-month spend, lifecycle, the nightly refresh, tier-upgrade messages and 积分. */
export function createLoyaltyModule(deps: LoyaltyModuleDeps): LoyaltyModule {
  const rfm = segmentsParts(deps);
  const service = new LoyaltyService({ ...deps, segments: rfm.service });
  // A purchase can move a member's tier or lifecycle at once, not only at the nightly refresh.
  deps.purchases.whenRecorded((memberIds) => service.refreshMembers(memberIds).then(() => undefined));
  return {
    service,
    segments: rfm.service,
    routes: rfm.routes,
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
      ...rfm.jobs,
    ],
  };
}
