import type { DataSource } from 'typeorm';

/** What differs between the two databases laoke runs on; modules import this, never the DataSource factory. */
export type DbKind = 'sqlite' | 'mysql';

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
