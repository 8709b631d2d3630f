import { LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { dbKind } from '../db/sql-dialect';
import type { Clock } from '../shared/clock';
import { RateLimitCounter } from './rate-limit-counter.entity';

/** One counted hit: how many hits the window holds now (this one included), and when it ends. */
export interface RateWindowHit {
  hits: number;
  msBeforeReset: number;
}

const DEADLOCK_RETRIES = 3;

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === 'ER_LOCK_DEADLOCK' || errno === 1213;
}

/**
 * Fixed-window hit counters in the database, so every instance counts the same hits (a per-process
 * store lets a client spread its attempts over the instances). Each hit is one atomic insert-or-update
 * that starts a new window when the old one has ended; time is the service clock's.
 */
export class DatabaseRateCounter {
  constructor(private readonly deps: { ds: DataSource; clock: Clock }) {}

  async hit(key: string, windowSeconds: number): Promise<RateWindowHit> {
    const now = this.deps.clock.now().getTime();
    const freshReset = now + windowSeconds * 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        const row = dbKind(this.deps.ds) === 'mysql' ? await this.hitMysql(key, now, freshReset) : await this.hitSqlite(key, now, freshReset);
        return { hits: row.hits, msBeforeReset: Math.max(0, row.resetAtMs - now) };
      } catch (err) {
        // InnoDB may pick concurrent first inserts of one key as deadlock victims; the retry just counts.
        if (!isDeadlock(err) || attempt >= DEADLOCK_RETRIES) throw err;
      }
    }
  }

  /** Drops counters whose window has ended (housekeeping); answers how many. */
  async prune(): Promise<number> {
    const r = await this.deps.ds.getRepository(RateLimitCounter).delete({ resetAtMs: LessThanOrEqual(this.deps.clock.now().getTime()) });
    return r.affected ?? 0;
  }

  private sql(): { table: string; key: string; hits: string; reset: string } {
    const d = this.deps.ds.driver;
    return { table: d.escape('rate_limit_counter'), key: d.escape('counterKey'), hits: d.escape('hits'), reset: d.escape('resetAtMs') };
  }

  /** SQLite: one statement, with RETURNING (every SET expression reads the row as it was). */
  private async hitSqlite(key: string, now: number, freshReset: number): Promise<{ hits: number; resetAtMs: number }> {
    const c = this.sql();
    const rows = (await this.deps.ds.query(
      `INSERT INTO ${c.table} (${c.key}, ${c.hits}, ${c.reset}) VALUES (?, 1, ?)
       ON CONFLICT (${c.key}) DO UPDATE SET
         ${c.hits} = CASE WHEN ${c.reset} <= ? THEN 1 ELSE ${c.hits} + 1 END,
         ${c.reset} = CASE WHEN ${c.reset} <= ? THEN excluded.${c.reset} ELSE ${c.reset} END
       RETURNING ${c.hits} AS hits, ${c.reset} AS resetAtMs`,
      [key, freshReset, now, now],
    )) as { hits: number | string; resetAtMs: number | string }[];
    return { hits: Number(rows[0].hits), resetAtMs: Number(rows[0].resetAtMs) };
  }

  /**
   * MySQL/MariaDB: the upsert locks the row until commit, so the read after it in the same transaction
   * sees exactly this hit's count. Assignments run left to right: `hits` is set while `resetAtMs` still
   * holds the old window end, which the second assignment then reads too.
   */
  private async hitMysql(key: string, now: number, freshReset: number): Promise<{ hits: number; resetAtMs: number }> {
    const c = this.sql();
    return this.deps.ds.transaction(async (em: EntityManager) => {
      await em.query(
        `INSERT INTO ${c.table} (${c.key}, ${c.hits}, ${c.reset}) VALUES (?, 1, ?)
         ON DUPLICATE KEY UPDATE
           ${c.hits} = IF(${c.reset} <= ?, 1, ${c.hits} + 1),
           ${c.reset} = IF(${c.reset} <= ?, ?, ${c.reset})`,
        [key, freshReset, now, now, freshReset],
      );
      const rows = (await em.query(`SELECT ${c.hits} AS hits, ${c.reset} AS resetAtMs FROM ${c.table} WHERE ${c.key} = ?`, [key])) as {
        hits: number | string;
        resetAtMs: number | string;
      }[];
      return { hits: Number(rows[0].hits), resetAtMs: Number(rows[0].resetAtMs) };
    });
  }
}
