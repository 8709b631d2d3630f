import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { Config } from '../config';
import { entities } from './entities';
import { migrations } from './migrations';

export type DbKind = 'sqlite' | 'mysql';

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

export function createDataSource(db: Config['db']): DataSource {
  return new DataSource(dataSourceOptions(db));
}

export function dbKind(ds: DataSource): DbKind {
  return ds.options.type === 'mysql' ? 'mysql' : 'sqlite';
}

/** Unique-constraint violation on either database: how "already done" is recognised without a read-then-write race. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
