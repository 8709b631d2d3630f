// RFM segments: the nightly scoring, segment history, the search filter, care levels and at-risk members.
import type { DataSource } from 'typeorm';
import type { JobDef } from '../../module';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { MemberSegmentChange } from './member-segment-change.entity';
import { MemberSegment } from './member-segment.entity';
import type { RfmConfig } from './rfm.config-schema';
import { SegmentService } from './segment.service';
import { segmentRoutes } from './segments.routes';

export { MemberSegment } from './member-segment.entity';
export { MemberSegmentChange } from './member-segment-change.entity';
export { MemberValueRanks, memberValueRank, SEGMENT_VALUE_ORDER } from './member-value-ranks';
export { RfmScoring, type ScoringResult } from './rfm-scoring';
export { defaultRfmConfig, LOW_VALUE_SKIPPABLE, rfmConfigEnv, rfmConfigSchema, type RfmConfig, type RfmThresholds } from './rfm.config-schema';
export { quintileScore, segmentCaseSql, segmentFor, SEGMENTS, thresholdScore, type RfmScores, type Segment } from './segment-rules';
export { SegmentService, type AtRiskMember, type MemberSegmentView } from './segment.service';

export const segmentEntities = [MemberSegment, MemberSegmentChange];

/** The store-time HH:MM as a daily cron expression. */
const daily = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m} ${h} * * *`;
};

/** The segments part of the loyalty module: its service, the nightly job and the member segment route. */
export function segmentsParts(deps: { ds: DataSource; clock: Clock; log: Logger; rfm: RfmConfig }): { service: SegmentService; jobs: JobDef[]; routes: ReturnType<typeof segmentRoutes> } {
  const service = new SegmentService({ ds: deps.ds, clock: deps.clock, log: deps.log, cfg: deps.rfm });
  return {
    service,
    jobs: [
      {
        name: 'loyalty-rfm',
        schedule: daily(deps.rfm.scoreTime),
        description: 'Scores every member’s recency, frequency and money over the last 12 months and records segment changes',
        run: (now) => service.scoreAll(now),
      },
    ],
    routes: segmentRoutes(service),
  };
}
