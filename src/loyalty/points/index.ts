// Points: the ledger, earning on purchases, refunds, redemption and adjustment, expiry and its reminder.
export { PointsAccount, PointsEntry, PointsLot, pointsEntities } from './points.entities';
export { InsufficientPointsError, PointsLedger, type PointsChange, type PointsChangeResult } from './points-ledger';
export { PointsService, type PointsServiceDeps, type PointsSummary, type PurchaseForPoints } from './points.service';
export { PointsExpiryJob } from './points-expiry';
export { PointsDesk, type PointsActor } from './points-access';
export { parsePointsStaffWord, pointsStaffCommand } from './points-staff-chat';
export { pointsRoutes } from './points.routes';
export { memberPointsReader, memberPointsSchema, type MemberPointsReader, type MemberPointsView } from './points-views';
export { allocate, expiryOf, lastDayOf, pointsForPurchase, POINTS_KINDS, type EarningRule, type PointsKind } from './points-rules';
export { parsePointsExpiry, parseTierMultipliers, type PointsExpiry } from './points.config-schema';
