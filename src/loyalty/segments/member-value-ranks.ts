import type { DataSource } from 'typeorm';
import { Member } from '../../members';
import type { MemberValue } from '../../outbox';
import { tierRank } from '../tiers/tier-rules';
import type { TierThreshold } from '../tiers/tier-thresholds.config-schema';
import { MemberSegment } from './member-segment.entity';
import type { Segment } from './segment-rules';

/**
 * Segments from most to least valuable within a tier: at-risk right after high-value (they were
 * high-value and are worth winning back), members with no segment (no purchase in the window) last.
 */
export const SEGMENT_VALUE_ORDER: readonly Segment[] = ['high_value', 'at_risk', 'potential', 'general', 'low_value'];

/**
 * A member's value as one number, lower is more valuable: the tier first (the highest configured tier
 * ranks 0), then the RFM segment within the tier. Ten slots per tier leave room for the segments.
 */
export function memberValueRank(tier: string, segment: Segment | null, thresholds: readonly TierThreshold[]): number {
  const tierSlot = thresholds.length - tierRank(tier, thresholds);
  const s = segment ? SEGMENT_VALUE_ORDER.indexOf(segment) : -1;
  return tierSlot * 10 + (s < 0 ? SEGMENT_VALUE_ORDER.length : s);
}

const CHUNK = 500;

/** Loyalty's answer to the outbox's MemberValue: the tier on the member, the segment of the last nightly scoring. */
export class MemberValueRanks implements MemberValue {
  constructor(
    private readonly ds: DataSource,
    private readonly thresholds: readonly TierThreshold[],
  ) {}

  async valueRanks(memberIds: readonly number[]): Promise<ReadonlyMap<number, number>> {
    const ranks = new Map<number, number>();
    for (let i = 0; i < memberIds.length; i += CHUNK) {
      const rows = await this.ds
        .createQueryBuilder()
        .select('m.id', 'id')
        .addSelect('m.tier', 'tier')
        .addSelect('s.segment', 'segment')
        .from(Member, 'm')
        .leftJoin(MemberSegment, 's', 's.memberId = m.id')
        .where('m.id IN (:...ids)', { ids: memberIds.slice(i, i + CHUNK) })
        .getRawMany<{ id: number | string; tier: string; segment: Segment | null }>();
      for (const r of rows) ranks.set(Number(r.id), memberValueRank(r.tier, r.segment, this.thresholds));
    }
    return ranks;
  }
}
