/**
 * `npm run backup [file]`: a consistent copy of the SQLite database, taken while the service runs, with
 * SQLite's online backup (better-sqlite3's `db.backup`). Reads the service's own settings (DATABASE_URL,
 * STORE_TIMEZONE), so run it with the same environment. Without a file it writes
 * `<database folder>/backups/laoke-<store time>.sqlite` (./data/backups/… by default).
 *
 * On MySQL/MariaDB it writes nothing and says to use `mariadb-dump --single-transaction` (README,
 * "Backups and restore"): a dump is that server's consistent copy, this script would only pretend.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../src/config';
import { formatStoreTime } from '../src/shared/store-time';

/** The part of better-sqlite3 this script uses (the package ships no types here). */
interface SqliteDatabase {
  pragma(source: string, options?: { simple: boolean }): unknown;
  backup(file: string, options?: { progress(info: { totalPages: number; remainingPages: number }): number }): Promise<{ totalPages: number; remainingPages: number }>;
  close(): void;
}
type SqliteOpen = new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDatabase;
const Database = require('better-sqlite3') as SqliteOpen;

/**
 * Pages per backup step: all of them. SQLite restarts a backup whenever another connection writes to the
 * source between two steps, so under a busy service small steps might never finish; one step copies every
 * page inside one read transaction, which in WAL mode does not hold writers up, and is consistent.
 */
const ALL_PAGES = 0x7fffffff;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
}

/** `<folder of the database>/backups/laoke-20261130-193000.sqlite`, the time in store time. */
export function defaultBackupFile(databaseFile: string, now: Date, timezone: string): string {
  return join(dirname(databaseFile), 'backups', `laoke-${formatStoreTime(now, timezone, 'YYYYMMDD-HHmmss')}.sqlite`);
}

/**
 * Copies the SQLite database `source` to `target` while other processes go on writing to it. The copy is
 * written under `<target>.partial`, checked (`PRAGMA integrity_check`) and renamed only when whole, so a
 * file named like a backup always is one. It is a single self-contained file (journal mode DELETE, no -wal
 * beside it), ready to be copied back.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  const started = Date.now();
  if (source === ':memory:' || !existsSync(source)) throw new BackupError(`there is no SQLite database at ${source}`);
  if (existsSync(target)) throw new BackupError(`${target} already exists; name a new file`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  let pages = 0;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const done = await db.backup(partial, { progress: () => ALL_PAGES });
    pages = done.totalPages;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy failed its integrity check (${String(check)}); it was not kept`);
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    throw err;
  }
  copy.close();
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, pages, ms: Date.now() - started };
}

/** What to tell someone who runs the backup on MySQL/MariaDB: the dump command for their database (no password). */
export function mysqlBackupAdvice(url: string): string {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'laoke';
  const user = decodeURIComponent(u.username) || 'root';
  const target = `laoke-$(date +%Y%m%d-%H%M%S).sql`;
  return [
    'npm run backup copies SQLite databases only; this service runs on MySQL/MariaDB, so nothing was written.',
    'Take a consistent dump while the service runs with:',
    `  mariadb-dump --single-transaction --routines --triggers --default-character-set=utf8mb4 -h ${u.hostname} -P ${u.port || 3306} -u ${user} -p ${database} > ${target}`,
    '(mysqldump takes the same options.) Restoring is described in the README, "Backups and restore".',
  ].join('\n');
}

/** At most one argument: the file to write. */
const argsSchema = z.array(z.string().trim().min(1).max(1024)).max(1);

export async function runBackup(argv: string[], env: NodeJS.ProcessEnv, now = new Date()): Promise<{ code: number; output: string }> {
  const args = argsSchema.safeParse(argv);
  if (!args.success) return { code: 2, output: 'usage: npm run backup [-- <file.sqlite>]' };
  let config: Readonly<Config>;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return { code: 2, output: err.message };
    throw err;
  }
  if (config.db.kind === 'mysql') return { code: 3, output: mysqlBackupAdvice(config.db.url) };
  const target = resolve(args.data[0] ?? defaultBackupFile(config.db.file, now, config.STORE_TIMEZONE));
  try {
    const r = await backupSqlite(config.db.file, target);
    const size = r.bytes >= 1024 * 1024 ? `${(r.bytes / 1024 / 1024).toFixed(1)} MB` : `${(r.bytes / 1024).toFixed(1)} kB`;
    return { code: 0, output: `backup written: ${r.file} (${size}, ${r.pages} pages, ${r.ms} ms; integrity check ok)` };
  } catch (err) {
    if (err instanceof BackupError) return { code: 1, output: `backup failed: ${err.message}` };
    throw err;
  }
}

if (require.main === module) {
  runBackup(process.argv.slice(2), process.env)
    .then(({ code, output }) => {
      (code === 0 ? console.log : console.error)(output);
      process.exit(code);
    })
    .catch((err: Error) => {
      console.error(`backup failed: ${err.message}`);
      process.exit(1);
    });
}
