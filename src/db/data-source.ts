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

export function createDataSource(db: Config['db']): DataSource {
  return new DataSource(dataSourceOptions(db));
}
