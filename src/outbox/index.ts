/** The outbox module's public face: queue proactive messages (one port, single and batch) and deliver them. */
export { createOutboxModule, type OutboxModule, type OutboxModuleDeps, type OutboxPreview } from './outbox.module';
export { OCCASION_PRIORITY, type Occasion, type OutboxEnqueue, type OutboxPort } from './outbox.port';
export { OutboxQueue, type OutboxQueueDeps } from './outbox-queue';
export { OutboxDispatcher, type DispatcherDeps, type DispatchResult, type DispatchStop } from './dispatcher';
export { CHEERFUL_OCCASIONS, dailyCron, deliverySettings, isExemptFromLimits, type DeliverySettings } from './outbox-rules';
export type { BelatedRow, MemberOutlook, OpenComplaintNote, UpcomingOccasion } from './member-outlook';
export { UNKNOWN_VALUE_RANK, type MemberValue } from './member-value';
export type { HoldFacts, Verdict } from './dispatch-verdict';
export { describeHold } from './held-notice';
export { occasionLabel, parseMeta, type OutboxMeta } from './outbox-meta';
export { outboxRowSchema, outboxRowView, visibleOutboxRow, type OutboxRowView } from './outbox-row.view';
export { OutboxMessage, type OutboxStatus } from './outbox-message.entity';
export { outboxEntities } from './outbox.entities';
export { CAPACITY_REASON, ceilingOf, DAY_BOUND_OCCASIONS } from './capacity';
export { outboxPersonalData } from './outbox-personal-data';
export { outboxAssignmentFollower } from './outbox-assignment';
