import { Initial1763800000000 } from './1763800000000-initial';
import { Purchases1763800000050 } from './1763800000050-purchases';
import { Outbox1763800000060 } from './1763800000060-outbox';
import { Complaints1763800000100 } from './1763800000100-complaints';
import { OutboxDelivery1763800000200 } from './1763800000200-outbox-delivery';
import { Care1763800000250 } from './1763800000250-care';
import { CarePerf1763800000260 } from './1763800000260-care-perf';
import { MiniProgram1763800000300 } from './1763800000300-miniprogram';
import { StaffApi1763800000400 } from './1763800000400-staff-api';
import { RateLimitCounters1763800000910 } from './1763800000910-rate-limit-counters';
import { OutboxClaimIndex1763800000930 } from './1763800000930-outbox-claim-index';
import { Points1763800001100 } from './1763800001100-points';
import { ComplaintDailyReminder1763800001137 } from './1763800001137-complaint-daily-reminder';
import { ReferralsLostVip1763800001200 } from './1763800001200-referrals-lost-vip';
import { RfmSegments1763800001300 } from './1763800001300-rfm-segments';
import { Console1763800001400 } from './1763800001400-console';
import { ChatAccounts1763800001500 } from './1763800001500-chat-accounts';
import { ChatAccountTraces1763800001510 } from './1763800001510-chat-account-traces';
import { InboundHandling1763800001520 } from './1763800001520-inbound-handling';
import { OutboxValueRank1763800001530 } from './1763800001530-outbox-value-rank';
import { CareQuietSpellIndex1763800001550 } from './1763800001550-care-quiet-spell-index';
import { RetentionIndexes1763800001560 } from './1763800001560-retention-indexes';

/**
 * Every migration, in timestamp order (the order TypeORM runs them in). Add new ones at the end of this
 * list (one line each), with a timestamp later than the last.
 */
export const migrations = [
  Initial1763800000000,
  Purchases1763800000050,
  Outbox1763800000060,
  Complaints1763800000100,
  OutboxDelivery1763800000200,
  Care1763800000250,
  CarePerf1763800000260,
  MiniProgram1763800000300,
  StaffApi1763800000400,
  RateLimitCounters1763800000910,
  OutboxClaimIndex1763800000930,
  Points1763800001100,
  ComplaintDailyReminder1763800001137,
  ReferralsLostVip1763800001200,
  RfmSegments1763800001300,
  Console1763800001400,
  ChatAccounts1763800001500,
  ChatAccountTraces1763800001510,
  InboundHandling1763800001520,
  OutboxValueRank1763800001530,
  CareQuietSpellIndex1763800001550,
  RetentionIndexes1763800001560,
];
