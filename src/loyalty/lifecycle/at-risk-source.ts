import { type DataSource } from 'typeorm';
import { Member } from '../../members';
import { NO_TIER } from '../tiers';

/** A valuable member whose visits are thinning out, and since when (a touch after that answers the task). */
export interface AtRiskMember {
  memberId: number;
  since: Date;
}

/**
 * Where the at-risk high-value members of an assistant come from. The RFM segments implement it (members
 * whose segment turned `at-risk`, since the change); until they do, QuietTierAtRisk stands in.
 */
export interface AtRiskSource {
  atRiskHighValue(assistantId: number, date: Date): Promise<AtRiskMember[]>;
}

/**
 * Stand-in: a member with a tier (high 12-month spend) whose last purchase is at least `quietDays` old but
 * who is not dormant yet; at risk since the day the quiet spell reached `quietDays`.
 */
export class QuietTierAtRisk implements AtRiskSource {
  constructor(private readonly deps: { ds: DataSource; quietDays: number; dormantDays: number }) {}

  async atRiskHighValue(assistantId: number, date: Date): Promise<AtRiskMember[]> {
    const day = 86_400_000;
    const rows = await this.deps.ds
      .getRepository(Member)
      .createQueryBuilder('m')
      .select(['m.id', 'm.lastPurchaseAt'])
      .where('m.assistantId = :a AND m.erasedAt IS NULL AND m.tier <> :none', { a: assistantId, none: NO_TIER })
      .andWhere('m.lifecycle NOT IN (:...gone)', { gone: ['lost', 'dormant'] })
      .andWhere('m.lastPurchaseAt <= :quiet AND m.lastPurchaseAt > :dormant', {
        quiet: new Date(date.getTime() - this.deps.quietDays * day),
        dormant: new Date(date.getTime() - this.deps.dormantDays * day),
      })
      .orderBy('m.lastPurchaseAt', 'ASC')
      .limit(200)
      .getMany();
    return rows.map((m) => ({ memberId: m.id, since: new Date(m.lastPurchaseAt!.getTime() + this.deps.quietDays * day) }));
  }
}

/**
 * Every source's at-risk members, each once (the earliest "since"): the RFM segment (`at-risk`) once the
 * nightly scoring has run, and the quiet-tier rule, which also serves a small store where quintiles say
 * little and the days between two scorings.
 */
export function anyAtRisk(sources: AtRiskSource[]): AtRiskSource {
  return {
    async atRiskHighValue(assistantId, date) {
      const found = new Map<number, AtRiskMember>();
      for (const source of sources) {
        for (const m of await source.atRiskHighValue(assistantId, date)) {
          const seen = found.get(m.memberId);
          if (!seen || m.since < seen.since) found.set(m.memberId, m);
        }
      }
      return [...found.values()];
    },
  };
}
