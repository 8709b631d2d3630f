import type { TableColumnOptions } from 'typeorm';

/**
 * Portable column builders for migrations: the same Table definitions create the schema on SQLite and
 * MySQL/MariaDB, so one migration list serves both.
 */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({
    name,
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  // 'integer' is what TypeORM makes of an entity's 'int' on SQLite (and is INT on MySQL).
  int: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'integer', ...opts }),
  bigint: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'bigint', ...opts }),
  varchar: (name: string, length: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    ...opts,
  }),
  text: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({ name, type: 'text', ...opts }),
  // Boolean defaults as 1/0: how TypeORM normalises them from entities on both databases, so
  // `migration:generate` sees no difference.
  bool: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'boolean',
    ...opts,
    ...(typeof opts.default === 'boolean' ? { default: opts.default ? 1 : 0 } : {}),
  }),
  datetime: (name: string, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'datetime',
    precision: 3,
    ...opts,
  }),
  decimal: (name: string, precision: number, scale: number, opts: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
    name,
    type: 'decimal',
    precision,
    scale,
    ...opts,
  }),
};

export const nullable = { isNullable: true } as const;
