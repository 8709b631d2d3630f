import type { DataSource, QueryRunner } from 'typeorm';
import { dbKind, type DbKind } from '../../db/sql-dialect';
import { Purchase } from '../../purchases';
import type { RfmConfig } from './rfm.config-schema';
import { segmentCaseSql } from './segment-rules';

export interface ScoringResult {
  /** Members who bought in the window (scored from their purchases). */
  scored: number;
  /** Members with a row who bought nothing in the window any more (scored 1/1/1, low-value). */
  lapsed: number;
  /** Rows whose scores or segment changed tonight (written). */
  changed: number;
  /** Segment changes recorded in the history. */
  segmentChanges: number;
  ms: number;
}

const STAGE = 'rfm_stage';

/**
 * The nightly RFM scoring, set-based: one statement aggregates the window's purchases per member, scores
 * them with window functions (quintiles by RANK among the members who bought, or fixed limits) and
 * decides the segment next to the stored one, into a temporary table; then, one id range at a time, the
 * segment changes go into the history and only rows that changed are written. Nothing per member passes
 * through Node, so memory stays flat whatever the member count.
 */
export class RfmScoring {
  private readonly kind: DbKind;

  constructor(private readonly deps: { ds: DataSource; cfg: RfmConfig }) {
    this.kind = dbKind(deps.ds);
  }

  /** A datetime as the driver binds it (SQLite keeps UTC text, MySQL takes a Date). */
  private dateParam(d: Date): unknown {
    const column = this.deps.ds.getMetadata(Purchase).findColumnWithPropertyName('purchasedAt')!;
    return this.deps.ds.driver.preparePersistentValue(d, column);
  }

  /** Integer quintile from a rank among n: `1 + (rank-1)*5 DIV n` in the dialect's integer division. */
  private quintile(orderBy: string): string {
    const scaled = `(RANK() OVER (ORDER BY ${orderBy}) - 1) * 5`;
    return this.kind === 'mysql' ? `1 + (${scaled}) DIV (COUNT(*) OVER ())` : `1 + ${scaled} / (COUNT(*) OVER ())`;
  }

  /** The three score expressions over the aggregate `a` (lastAt, cnt, spend), with their bound values. */
  private scoreExpressions(now: Date): { r: string; f: string; m: string; params: unknown[] } {
    const t = this.deps.cfg.thresholds;
    if (!t) return { r: this.quintile('a.lastAt'), f: this.quintile('a.cnt'), m: this.quintile('a.spend'), params: [] };
    // Fixed limits: a comparison is 0 or 1 on both databases, so the score is 1 + the limits reached.
    const sum = (parts: string[]) => `(1 + ${parts.map((p) => `(CASE WHEN ${p} THEN 1 ELSE 0 END)`).join(' + ')})`;
    const recencyCutoffs = [...t.recencyDays].reverse().map((days) => this.dateParam(new Date(now.getTime() - days * 86_400_000)));
    return {
      r: sum(recencyCutoffs.map(() => 'a.lastAt >= ?')),
      f: sum(t.frequency.map((n) => `a.cnt >= ${Math.trunc(n)}`)),
      m: sum(t.monetaryYuan.map((y) => `a.spend >= ${Math.trunc(y) * 100}`)),
      params: recencyCutoffs,
    };
  }

  private windowStart(now: Date): Date {
    const d = new Date(now.getTime());
    d.setUTCMonth(d.getUTCMonth() - this.deps.cfg.windowMonths);
    return d;
  }

  /** The plain aggregate the scoring starts from (also what `bench:loyalty` times on its own). */
  aggregateSql(): string {
    return 'SELECT p.memberId AS memberId, MAX(p.purchasedAt) AS lastAt, COUNT(*) AS cnt, SUM(p.amountFen) AS spend FROM purchase p WHERE p.purchasedAt >= ? AND p.purchasedAt <= ? GROUP BY p.memberId';
  }

  aggregateParams(now: Date): unknown[] {
    return [this.dateParam(this.windowStart(now)), this.dateParam(now)];
  }

  async run(now: Date): Promise<ScoringResult> {
    const started = Date.now();
    const q = this.deps.ds.createQueryRunner();
    await q.connect();
    try {
      await this.createStage(q);
      const scored = await this.fillStage(q, now);
      const { changed, segmentChanges, lapsed } = await this.writeChanges(q, now);
      return { scored, lapsed, changed, segmentChanges, ms: Date.now() - started };
    } finally {
      try {
        await q.query(this.kind === 'mysql' ? `DROP TEMPORARY TABLE IF EXISTS ${STAGE}` : `DROP TABLE IF EXISTS temp.${STAGE}`);
      } finally {
        await q.release();
      }
    }
  }

  private async createStage(q: QueryRunner): Promise<void> {
    // No key while it fills (rows arrive in score order): the index is built once afterwards, which is cheaper.
    const cols = 'memberId INTEGER NOT NULL, r INTEGER NOT NULL, f INTEGER NOT NULL, m INTEGER NOT NULL, seg VARCHAR(16) NOT NULL, prev VARCHAR(16) NULL, changed INTEGER NOT NULL';
    if (this.kind === 'mysql') {
      await q.query(`DROP TEMPORARY TABLE IF EXISTS ${STAGE}`);
      await q.query(`CREATE TEMPORARY TABLE ${STAGE} (${cols})`);
    } else {
      await q.query(`DROP TABLE IF EXISTS temp.${STAGE}`);
      await q.query(`CREATE TEMP TABLE ${STAGE} (${cols})`);
    }
  }

  /** One statement: aggregate, score, segment next to the stored row, and whether anything changed. */
  private async fillStage(q: QueryRunner, now: Date): Promise<number> {
    const s = this.scoreExpressions(now);
    const seg = segmentCaseSql(this.deps.cfg, { r: 'w.r', f: 'w.f', m: 'w.m', prev: 'ms.segment' });
    const sql =
      `INSERT INTO ${STAGE} (memberId, r, f, m, seg, prev, changed) ` +
      `SELECT w.memberId, w.r, w.f, w.m, ${seg}, ms.segment, ` +
      `CASE WHEN ms.memberId IS NULL OR ms.recency <> w.r OR ms.frequency <> w.f OR ms.monetary <> w.m OR ms.segment <> ${seg} THEN 1 ELSE 0 END ` +
      `FROM (SELECT a.memberId AS memberId, ${s.r} AS r, ${s.f} AS f, ${s.m} AS m ` +
      `FROM (${this.aggregateSql()}) a JOIN member mb ON mb.id = a.memberId WHERE mb.erasedAt IS NULL) w ` +
      `LEFT JOIN member_segment ms ON ms.memberId = w.memberId`;
    await q.query(sql, [...s.params, ...this.aggregateParams(now)]);
    await q.query(`CREATE INDEX ${STAGE}_member ON ${STAGE} (memberId)`);
    const [row] = (await q.query(`SELECT COUNT(*) AS n FROM ${STAGE}`)) as { n: number | string }[];
    return Number(row?.n ?? 0);
  }

  /** History first, then the rows themselves, one id range per statement pair. */
  private async writeChanges(q: QueryRunner, now: Date): Promise<{ changed: number; segmentChanges: number; lapsed: number }> {
    const at = this.dateParam(now);
    const [bounds] = (await q.query(
      `SELECT MIN(lo) AS lo, MAX(hi) AS hi FROM (SELECT MIN(memberId) AS lo, MAX(memberId) AS hi FROM ${STAGE} UNION ALL SELECT MIN(memberId), MAX(memberId) FROM member_segment) b`,
    )) as { lo: number | string | null; hi: number | string | null }[];
    if (bounds?.lo === null || bounds?.lo === undefined || bounds.hi === null) return { changed: 0, segmentChanges: 0, lapsed: 0 };
    const upsert =
      this.kind === 'mysql'
        ? ' ON DUPLICATE KEY UPDATE recency = VALUES(recency), frequency = VALUES(frequency), monetary = VALUES(monetary), segment = VALUES(segment), changedAt = VALUES(changedAt)'
        : ' ON CONFLICT(memberId) DO UPDATE SET recency = excluded.recency, frequency = excluded.frequency, monetary = excluded.monetary, segment = excluded.segment, changedAt = excluded.changedAt';
    const notStaged = `NOT EXISTS (SELECT 1 FROM ${STAGE} s WHERE s.memberId = ms.memberId)`;
    let changed = 0;
    let segmentChanges = 0;
    let lapsed = 0;
    const step = this.deps.cfg.batchSize;
    for (let lo = Number(bounds.lo); lo <= Number(bounds.hi); lo += step) {
      const range = [lo, lo + step];
      segmentChanges += await this.affected(
        q,
        `INSERT INTO member_segment_change (memberId, fromSegment, toSegment, recency, frequency, monetary, changedAt) ` +
          `SELECT memberId, prev, seg, r, f, m, ? FROM ${STAGE} WHERE memberId >= ? AND memberId < ? AND changed = 1 AND (prev IS NULL OR prev <> seg)`,
        [at, ...range],
      );
      changed += await this.affected(
        q,
        `INSERT INTO member_segment (memberId, recency, frequency, monetary, segment, changedAt) ` +
          `SELECT memberId, r, f, m, seg, ? FROM ${STAGE} WHERE memberId >= ? AND memberId < ? AND changed = 1${upsert}`,
        [at, ...range],
        true,
      );
      // Bought nothing in the window any more (or erased): 1/1/1 is low-value whatever came before.
      segmentChanges += await this.affected(
        q,
        `INSERT INTO member_segment_change (memberId, fromSegment, toSegment, recency, frequency, monetary, changedAt) ` +
          `SELECT ms.memberId, ms.segment, 'low_value', 1, 1, 1, ? FROM member_segment ms WHERE ms.memberId >= ? AND ms.memberId < ? AND ms.segment <> 'low_value' AND ${notStaged}`,
        [at, ...range],
      );
      const n = await this.affected(
        q,
        `UPDATE member_segment SET recency = 1, frequency = 1, monetary = 1, segment = 'low_value', changedAt = ? ` +
          `WHERE memberId >= ? AND memberId < ? AND (recency <> 1 OR frequency <> 1 OR monetary <> 1 OR segment <> 'low_value') AND NOT EXISTS (SELECT 1 FROM ${STAGE} s WHERE s.memberId = member_segment.memberId)`,
        [at, ...range],
      );
      lapsed += n;
      changed += n;
    }
    return { changed, segmentChanges, lapsed };
  }

  /**
   * Runs a write and answers the rows it touched. MySQL counts an upsert's update twice
   * (insert 1, update 2); `upsertRows` counts each member once.
   */
  private async affected(q: QueryRunner, sql: string, params: unknown[], upsertRows = false): Promise<number> {
    const res = (await q.query(sql, params, true)) as { affected?: number; raw?: { affectedRows?: number; changes?: number } };
    const n = Number(res.affected ?? res.raw?.affectedRows ?? res.raw?.changes ?? 0);
    if (!upsertRows || this.kind !== 'mysql') return n;
    // With ON DUPLICATE KEY UPDATE an updated row counts 2: count staged changed rows of the range instead.
    const [row] = (await q.query(`SELECT COUNT(*) AS n FROM ${STAGE} WHERE memberId >= ? AND memberId < ? AND changed = 1`, params.slice(1))) as { n: number | string }[];
    return Number(row?.n ?? 0);
  }
}
