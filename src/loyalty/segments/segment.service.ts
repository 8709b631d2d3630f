import { type DataSource, In, IsNull } from 'typeorm';
import { Member, type MemberSegmentFilter } from '../../members';
import type { Occasion } from '../../outbox';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { MemberSegmentChange } from './member-segment-change.entity';
import { MemberSegment } from './member-segment.entity';
import { RfmScoring, type ScoringResult } from './rfm-scoring';
import type { RfmConfig } from './rfm.config-schema';
import { SEGMENTS, type Segment } from './segment-rules';

/** A high-value member whose visits thin out: a task for their assistant, not a mass message. */
export interface AtRiskMember {
  memberId: number;
  code: string;
  /** Name, else nickname (never the phone). */
  name: string;
  assistantId: number | null;
  lastPurchaseAt: Date | null;
  /** When the member last turned at-risk. */
  atRiskSince: Date;
  recency: number;
  frequency: number;
  monetary: number;
}

export interface MemberSegmentView {
  segment: Segment | null;
  recency: number | null;
  frequency: number | null;
  monetary: number | null;
  changedAt: Date | null;
  history: { fromSegment: Segment | null; toSegment: Segment; recency: number; frequency: number; monetary: number; changedAt: Date }[];
}

export interface SegmentServiceDeps {
  ds: DataSource;
  clock: Clock;
  log: Logger;
  cfg: RfmConfig;
}

/**
 * RFM segments: the nightly scoring, the at-risk list for assistants, what the member search filters by
 * and which members get only automated, low-frequency care.
 */
export class SegmentService {
  private readonly scoring: RfmScoring;

  constructor(private readonly deps: SegmentServiceDeps) {
    this.scoring = new RfmScoring({ ds: deps.ds, cfg: deps.cfg });
  }

  /** Nightly (job `loyalty-rfm`): scores every member who bought in the window and records segment changes. */
  async scoreAll(now: Date = this.deps.clock.now()): Promise<ScoringResult> {
    const result = await this.scoring.run(now);
    this.deps.log.info({ job: 'loyalty-rfm', ...result }, 'RFM segments scored');
    return result;
  }

  /** At-risk members who were high-value, newest first; one assistant's, or all (`assistantId` omitted). */
  async atRiskHighValueMembers(assistantId?: number, opts: { since?: Date } = {}): Promise<AtRiskMember[]> {
    const qb = this.deps.ds
      .getRepository(MemberSegment)
      .createQueryBuilder('s')
      .innerJoin(Member, 'm', 'm.id = s.memberId AND m.erasedAt IS NULL')
      .select(['s.memberId AS memberId', 's.recency AS recency', 's.frequency AS frequency', 's.monetary AS monetary'])
      .addSelect(['m.code AS code', 'm.name AS name', 'm.nickname AS nickname', 'm.assistantId AS assistantId', 'm.lastPurchaseAt AS lastPurchaseAt'])
      .addSelect(
        (sub) =>
          sub
            .select('MAX(c.changedAt)')
            .from(MemberSegmentChange, 'c')
            .where("c.memberId = s.memberId AND c.toSegment = 'at_risk'"),
        'atRiskSince',
      )
      .where("s.segment = 'at_risk'");
    if (assistantId !== undefined) qb.andWhere('m.assistantId = :assistantId', { assistantId });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    const toDate = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
    const list = rows.map((r) => ({
      memberId: Number(r.memberId),
      code: String(r.code),
      name: String(r.name ?? r.nickname ?? ''),
      assistantId: r.assistantId === null ? null : Number(r.assistantId),
      lastPurchaseAt: toDate(r.lastPurchaseAt),
      atRiskSince: toDate(r.atRiskSince) ?? new Date(0),
      recency: Number(r.recency),
      frequency: Number(r.frequency),
      monetary: Number(r.monetary),
    }));
    return list
      .filter((m) => !opts.since || m.atRiskSince >= opts.since)
      .sort((a, b) => b.atRiskSince.getTime() - a.atRiskSince.getTime() || a.memberId - b.memberId);
  }

  /** Who looks after a member (for the access check), or null when there is no such member. */
  async memberForAccess(memberId: number): Promise<{ assistantId: number | null } | null> {
    return this.deps.ds.getRepository(Member).findOne({ select: { id: true, assistantId: true }, where: { id: memberId, erasedAt: IsNull() } });
  }

  /** A member's scores, segment and its history (newest first). */
  async segmentOf(memberId: number): Promise<MemberSegmentView> {
    const row = await this.deps.ds.getRepository(MemberSegment).findOneBy({ memberId });
    const history = await this.deps.ds.getRepository(MemberSegmentChange).find({ where: { memberId }, order: { changedAt: 'DESC', id: 'DESC' }, take: 50 });
    return {
      segment: row?.segment ?? null,
      recency: row?.recency ?? null,
      frequency: row?.frequency ?? null,
      monetary: row?.monetary ?? null,
      changedAt: row?.changedAt ?? null,
      history: history.map((h) => ({ fromSegment: h.fromSegment, toSegment: h.toSegment, recency: h.recency, frequency: h.frequency, monetary: h.monetary, changedAt: h.changedAt })),
    };
  }

  /** What the member search filters by (members declares the interface; the root passes this). */
  readonly searchFilter: MemberSegmentFilter = {
    segments: SEGMENTS,
    condition: (segment) => ({
      where: 'EXISTS (SELECT 1 FROM member_segment seg WHERE seg.memberId = m.id AND seg.segment = :segment)',
      params: { segment },
    }),
  };

  /** The care planner leaves low-value members out of the occasions RFM_CONFIG.lowValueSkips names. */
  async leaveOutOfCare(occasion: Occasion, memberIds: readonly number[]): Promise<Set<number>> {
    if (!memberIds.length || !(this.deps.cfg.lowValueSkips as readonly string[]).includes(occasion)) return new Set();
    const rows = await this.deps.ds.getRepository(MemberSegment).find({ select: { memberId: true }, where: { memberId: In([...memberIds]), segment: 'low_value' } });
    return new Set(rows.map((r) => r.memberId));
  }
}
