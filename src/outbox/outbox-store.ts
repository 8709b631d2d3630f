import type { DataSource, EntityManager } from 'typeorm';
import { dbKind } from '../db/sql-dialect';
import type { Clock } from '../shared/clock';
import { OutboxMessage } from './outbox-message.entity';
import { OCCASION_PRIORITY, type OutboxEnqueue } from './outbox.port';

export function outboxKey(memberId: number, occasion: string, occasionDate: string): string {
  return `${memberId}:${occasion}:${occasionDate}`;
}

const INSERT_CHUNK = 500;

export type OutboxInsert = OutboxEnqueue & { assistantId: number | null; templateVariant?: number | null; valueRank?: number };

/**
 * Inserting outbox rows: one at a time (enqueue) or in batches (the planner). The unique key makes a
 * second planning run, or a second instance, add nothing: duplicates are ignored by the database.
 */
export class OutboxStore {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  private row(item: OutboxInsert, now: Date): Partial<OutboxMessage> {
    return {
      idempotencyKey: outboxKey(item.memberId, item.occasion, item.occasionDate),
      memberId: item.memberId,
      assistantId: item.assistantId,
      // The column's default: rows queued without an account (tests, scripts) belong to the first store account.
      account: item.account ?? 'store',
      occasion: item.occasion,
      occasionDate: item.occasionDate,
      priority: OCCASION_PRIORITY.indexOf(item.occasion),
      valueRank: item.valueRank ?? 0,
      templateVariant: item.templateVariant ?? null,
      text: item.text,
      status: item.draft ? 'draft' : 'queued',
      needsApproval: Boolean(item.needsApproval),
      dueAt: item.dueAt,
      attempts: 0,
      reason: null,
      sentAt: null,
      claimedBy: null,
      claimedAt: null,
      decidedBy: null,
      decidedAt: null,
      meta: item.meta ? JSON.stringify(item.meta) : null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Inserts many rows in one statement (per 500), skipping any whose key exists; returns how many were new. */
  async insertMany(items: OutboxInsert[], manager: EntityManager = this.ds.manager): Promise<number> {
    if (!items.length) return 0;
    const now = this.clock.now();
    let created = 0;
    for (let i = 0; i < items.length; i += INSERT_CHUNK) created += await this.insertChunk(items.slice(i, i + INSERT_CHUNK).map((item) => this.row(item, now)), manager);
    return created;
  }

  /**
   * Insert-unless-duplicate: the unique key decides, atomically, across instances. The SQL is
   * built here rather than by the query builder, which spends more time building a 500-row statement
   * than the database spends running it; values still go through the driver's own conversions.
   */
  private async insertChunk(rows: Partial<OutboxMessage>[], manager: EntityManager): Promise<number> {
    const driver = this.ds.driver;
    const meta = this.ds.getMetadata(OutboxMessage);
    const columns = meta.columns.filter((c) => !c.isGenerated);
    const mysql = dbKind(this.ds) === 'mysql';
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const head = `INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
    // Only a duplicate idempotency key may be skipped: SQLite's ON CONFLICT names that key (OR IGNORE
    // would also swallow NOT NULL errors); MySQL's IGNORE is checked below for any other warning.
    const sql = mysql ? `INSERT IGNORE ${head}` : `INSERT ${head} ON CONFLICT (${driver.escape('idempotencyKey')}) DO NOTHING`;
    // Strings, numbers and nulls bind as they are (no transformers here); the rest (dates, booleans) go
    // through the driver, each Date instance once: a batch shares its dueAt and createdAt.
    const converted = new Map<(typeof columns)[number], Map<Date, unknown>>();
    const bind = (v: unknown, c: (typeof columns)[number]) => {
      if (v === null || typeof v === 'string' || typeof v === 'number') return v;
      if (!(v instanceof Date)) return driver.preparePersistentValue(v, c);
      const seen = converted.get(c) ?? converted.set(c, new Map()).get(c)!;
      if (!seen.has(v)) seen.set(v, driver.preparePersistentValue(v, c));
      return seen.get(v);
    };
    // A column the row leaves out takes its declared default (e.g. `account`), as an ORM insert would.
    const valueOf = (r: Partial<OutboxMessage>, c: (typeof columns)[number]) => {
      const v = (r as Record<string, unknown>)[c.propertyName];
      return v === undefined && c.default !== undefined && typeof c.default !== 'function' ? c.default : (v ?? null);
    };
    const params = rows.flatMap((r) => columns.map((c) => bind(valueOf(r, c), c)));
    const runner = manager.queryRunner ?? this.ds.createQueryRunner();
    // On MySQL a value IGNORE let through is only seen after the statement: own a transaction to undo it.
    const ownTx = mysql && !runner.isTransactionActive;
    if (ownTx) await runner.startTransaction();
    try {
      // The statement's own count (mysql affectedRows, better-sqlite3 changes): never a separate
      // `SELECT changes()`, which could see another planner's insert that ran in between.
      const result = await runner.query(sql, params, true);
      if (mysql) {
        const raw = result.raw as { affectedRows: number; warningStatus?: number };
        const inserted = Number(raw.affectedRows);
        // IGNORE turns every error into a warning; each skipped duplicate is one, anything more is a
        // truncated or refused value, which must not pass silently.
        if ((raw.warningStatus ?? 0) > rows.length - inserted) throw new Error('outbox insert raised warnings besides duplicate keys');
        if (ownTx) await runner.commitTransaction();
        return inserted;
      }
      return Number(result.affected ?? 0);
    } catch (err) {
      if (ownTx && runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  }

  async enqueue(item: OutboxInsert): Promise<{ created: boolean; id: number }> {
    const created = (await this.insertMany([item])) > 0;
    const row = await this.ds.getRepository(OutboxMessage).findOneByOrFail({ idempotencyKey: outboxKey(item.memberId, item.occasion, item.occasionDate) });
    return { created, id: row.id };
  }
}
