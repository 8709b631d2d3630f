import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { Config } from '../config';
import { entities } from './entities';
import { migrations } from './migrations';

export function dataSourceOptions(db: Config['db']): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (db.kind === 'sqlite') {
    if (db.file !== ':memory:') mkdirSync(dirname(db.file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.file,
      // WAL lets readers (reports, health checks) go on while the dispatcher writes.
      prepareDatabase: (raw: { pragma(s: string): unknown }) => {
        raw.pragma('journal_mode = WAL');
        raw.pragma('busy_timeout = 5000');
        raw.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: db.url,
    charset: 'utf8mb4_unicode_ci',
    // Dates travel as UTC; store time is applied in code, never by the server.
    timezone: 'Z',
    extra: { connectionLimit: 10 },
  };
}

/**
 * MariaDB answers "an assistant's dormant members, newest first" by intersecting three indexes and sorting
 * (0.3–1.5 s on 200,000 members) although one composite index serves the whole query in under a millisecond
 * (scripts/bench-console.ts): every session of the service turns index-merge intersection off. Set on each new
 * pool connection, before its first query.
 */
const MYSQL_SESSION = "SET SESSION optimizer_switch = 'index_merge_intersection=off'";

interface MysqlPoolLike {
  on(event: 'connection', listener: (connection: { query(sql: string, cb: (err: unknown) => void): unknown }) => void): unknown;
}

function tuneMysqlSessions(ds: DataSource): void {
  // TypeORM creates the pool through the driver's mysql2 module and takes a first connection at once.
  const driver = ds.driver as unknown as { mysql: { createPool(options: unknown): MysqlPoolLike } };
  const mysql = driver.mysql;
  driver.mysql = Object.assign(Object.create(mysql) as typeof mysql, {
    createPool(options: unknown): MysqlPoolLike {
      const pool = mysql.createPool(options);
      // An error here leaves the default plan, only slower: nothing to stop for.
      pool.on('connection', (connection) => connection.query(MYSQL_SESSION, () => undefined));
      return pool;
    },
  });
}

export function createDataSource(db: Config['db']): DataSource {
  const ds = new DataSource(dataSourceOptions(db));
  if (db.kind === 'mysql') tuneMysqlSessions(ds);
  return ds;
}
