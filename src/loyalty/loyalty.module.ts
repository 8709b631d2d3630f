import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit';
import type { MemberService } from '../members';
import type { ChatFeatures, ChatNotifier } from '../chat';
import type { ModuleParts } from '../module';
import type { OutboxPort } from '../outbox';
import type { PurchaseService, PurchasesReader } from '../purchases';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { TemplateLibrary } from '../shared/templates';
import { LoyaltyService } from './loyalty.service';
import { pointsCommand } from './points-chat';
import { memberPointsReader, PointsDesk, PointsExpiryJob, pointsRoutes, PointsService, pointsStaffCommand, type EarningRule, type MemberPointsReader, type PointsExpiry } from './points';
import type { TierThreshold } from './tiers';

/** POINTS_* configuration, as the root reads it from config. */
export interface PointsSettings {
  earning: EarningRule;
  expiry: PointsExpiry;
  reminderDays: number;
  reminderMin: number;
  assistantRedeemMax: number;
}

/** What the loyalty module needs, explicitly (the composition root passes these). */
export interface LoyaltyModuleDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
  members: Pick<MemberService, 'assistantOf' | 'findByCode' | 'get'>;
  purchases: Pick<PurchasesReader, 'spendStatsFor' | 'summaryForMember'> & Pick<PurchaseService, 'whenRecorded'>;
  /** Parsed TIER_THRESHOLDS, lowest first. */
  thresholds: readonly TierThreshold[];
  /** DORMANT_AFTER_DAYS. */
  dormantDays: number;
  /** Store time zone (the upgrade message's occasion date). */
  timezone: string;
  outbox: OutboxPort;
  /** Staff changes to points are audited. */
  audit: Pick<AuditService, 'record'>;
  /** The member's receipt when staff redeem or adjust points. */
  notifier: Pick<ChatNotifier, 'toMember'>;
  points: PointsSettings;
}

export interface LoyaltyModule extends ModuleParts, ChatFeatures {
  service: LoyaltyService;
  points: PointsService;
  /** The member's own points (the mini-program's `GET /mp/me/points`). */
  memberPoints: MemberPointsReader;
}

/** Loyalty: tiers by 12-month spend, lifecycle, the nightly refresh, tier-upgrade messages, points and 积分. */
export function createLoyaltyModule(deps: LoyaltyModuleDeps): LoyaltyModule {
  const service = new LoyaltyService(deps);
  const points = new PointsService({ ds: deps.ds, clock: deps.clock, log: deps.log, timezone: deps.timezone, earning: deps.points.earning, expiry: deps.points.expiry });
  const desk = new PointsDesk({
    points,
    audit: deps.audit,
    templates: deps.templates,
    tellMember: (memberId, text) => deps.notifier.toMember(memberId, text),
    assistantRedeemMax: deps.points.assistantRedeemMax,
  });
  const expiry = new PointsExpiryJob({
    ds: deps.ds,
    clock: deps.clock,
    log: deps.log,
    templates: deps.templates,
    timezone: deps.timezone,
    ledger: points.ledger,
    outbox: deps.outbox,
    members: deps.members,
    reminderDays: deps.points.reminderDays,
    reminderMin: deps.points.reminderMin,
  });
  // Points first, at the tier the member held when buying; then the purchase may move the tier.
  deps.purchases.whenRecorded((_memberIds, purchases) => points.onPurchasesRecorded(purchases));
  // A purchase can move a member's tier or lifecycle at once, not only at the nightly refresh.
  deps.purchases.whenRecorded((memberIds) => service.refreshMembers(memberIds).then(() => undefined));
  return {
    service,
    points,
    memberPoints: memberPointsReader(points, deps.templates),
    routes: pointsRoutes({ members: deps.members, points, desk }),
    // 积分 (DESIGN.md chat words): tier, 12-month spend and the points.
    memberCommands: [
      pointsCommand({ purchases: deps.purchases, points, templates: deps.templates, thresholds: deps.thresholds, perYuan: deps.points.earning.perYuan, timezone: deps.timezone }),
    ],
    // `#M… 兑换 / 调整 / 积分`: registered before the relay so they never reach the member as a message.
    staffCommands: [pointsStaffCommand({ members: deps.members, points, desk, templates: deps.templates })],
    jobs: [
      {
        // The name predates the loyalty module; /dev/jobs/<name>/run and the run coordinator use it.
        name: 'purchases-segments',
        schedule: '40 2 * * *',
        description: 'Recomputes member tiers (12-month spend) and marks members who stopped buying as dormant',
        run: () => service.refreshSegments(),
      },
      {
        name: 'points-expiry',
        schedule: '20 0 * * *',
        description: 'Expires points whose time is up (oldest lots first) and reminds members before a meaningful amount expires',
        run: () => expiry.run(),
      },
    ],
  };
}
