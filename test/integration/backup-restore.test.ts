import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { runBackup } from '../../scripts/backup';
import { loadConfig } from '../../src/config';
import { createLaoke, type Laoke } from '../../src/laoke';
import { Member } from '../../src/members/member.entity';
import { createLogger } from '../../src/shared/logger';
import { DEMO, startHarness, TEST_DATA_KEY } from '../support/harness';

/** better-sqlite3 ships no types here; the little this test uses. */
interface SqliteDb {
  pragma(source: string, options: { simple: true }): unknown;
  close(): void;
}
const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean }) => SqliteDb;

const ROOT = join(__dirname, '..', '..');

/** `npm run backup -- <target>` in its own process (ts-node, as npm runs it), against the service's database file. */
function runBackupCli(databaseFile: string, target: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', 'backup.ts'), target], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: `sqlite:${databaseFile}`, STORE_TIMEZONE: 'Asia/Shanghai' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** A service on `file` with the harness's data key, HTTP only, as after a restore. */
async function serviceOn(file: string, dir: string): Promise<{ laoke: Laoke; http: ReturnType<typeof request> }> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${file}`, DATA_DIR: dir, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' });
  const laoke = await createLaoke(config, { log: createLogger('silent') });
  return { laoke, http: request(laoke.app.callback()) };
}

// SQLite whatever DATABASE_URL says: `npm run backup` copies SQLite files; on MariaDB it only points to
// mariadb-dump (tested below), so on the MariaDB run this file still tests the SQLite backup on its own file.
describe('backups of the SQLite database (npm run backup) and a restore', () => {
  it('copies the database of a running service that keeps writing, and a service on the copy, or restored from it, has every member and the complaint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laoke-backup-'));
    const live = join(dir, 'laoke.sqlite');
    const h = await startHarness({ env: { DATABASE_URL: `sqlite:${live}`, DATA_DIR: dir } });
    const auth = { authorization: `Bearer ${h.managerToken}` };
    try {
      const members = h.laoke.services.members;
      for (let i = 1; i <= 40; i++) await members.create({ nickname: `老客${i}`, source: 'staff' });
      const chen = await h.memberOf(DEMO.chen.id);
      const complaint = await h.laoke.services.complaints.open({ memberId: chen.id, channel: 'mp', description: '上周买的锅把手松了', category: 'quality' });
      const before = await h.laoke.ds.getRepository(Member).count();

      // The service goes on writing, one member after another, for as long as the backup runs.
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          written += 1;
          await members.create({ nickname: `备份中${written}`, source: 'staff' });
          // On SQLite a write settles in microtasks only: yield, or the backup's exit is never seen.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const target = join(dir, 'backups', 'copy.sqlite');
      let cli: { code: number | null; output: string };
      try {
        cli = await runBackupCli(live, target);
      } finally {
        writing = false;
        await writer;
      }
      expect(cli.output).toMatch(/^backup written: .*copy\.sqlite \(\d+(\.\d)? (kB|MB), \d+ pages, \d+ ms; integrity check ok\)\s*$/);
      expect(cli.code).toBe(0);
      expect(written).toBeGreaterThan(0);
      const liveIds = (await h.laoke.ds.getRepository(Member).find({ select: { id: true }, order: { id: 'ASC' } })).map((m) => m.id);

      // One self-contained file that passes SQLite's own check; no half-written file left beside it.
      const raw = new Database(target, { readonly: true });
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
      } finally {
        raw.close();
      }
      expect(readdirSync(join(dir, 'backups'))).toEqual(['copy.sqlite']);

      // A service started on the copy: every member written before the backup, and then a consistent prefix of
      // those written while it ran (a moment of the database, not a mix), the complaint, phones still readable.
      const onCopy = await serviceOn(target, dir);
      try {
        const copyIds = (await onCopy.laoke.ds.getRepository(Member).find({ select: { id: true }, order: { id: 'ASC' } })).map((m) => m.id);
        // Taken mid-writing: members written before the copy are in it, those written after it are not.
        expect(copyIds.length).toBeGreaterThan(before);
        expect(copyIds.length).toBeLessThan(liveIds.length);
        expect(copyIds).toEqual(liveIds.slice(0, copyIds.length));
        const listed = await onCopy.http.get('/admin/members').query({ pageSize: 10 }).set(auth);
        expect(listed.status).toBe(200);
        expect(listed.body.total).toBe(copyIds.length);
        const byName = await onCopy.http.get('/admin/members').query({ name: '老客40' }).set(auth);
        expect(byName.body.items.map((m: { nickname: string }) => m.nickname)).toEqual(['老客40']);
        const byPhone = await onCopy.http.get('/admin/members').query({ phone: '13800138001' }).set(auth);
        expect(byPhone.body.items.map((m: { code: string; phone: string }) => [m.code, m.phone])).toEqual([[chen.code, '13800138001']]);
        const complaints = await onCopy.http.get('/admin/complaints').set(auth);
        expect(complaints.body.items.map((c: { ticketNo: string }) => c.ticketNo)).toEqual([complaint.ticketNo]);
      } finally {
        await onCopy.laoke.stop();
      }

      // The README's restore: stop the service, put the backup in place of the database (and drop the old
      // write-ahead log, which belongs to the old file), start again.
      await h.laoke.stop();
      copyFileSync(target, live);
      rmSync(`${live}-wal`, { force: true });
      rmSync(`${live}-shm`, { force: true });
      const restored = await serviceOn(live, dir);
      try {
        const restoredIds = (await restored.laoke.ds.getRepository(Member).find({ select: { id: true }, order: { id: 'ASC' } })).map((m) => m.id);
        expect(restoredIds.length).toBeGreaterThanOrEqual(before);
        expect(restoredIds).toEqual(liveIds.slice(0, restoredIds.length));
        const complaints = await restored.http.get('/admin/complaints').set(auth);
        expect(complaints.body.items.map((c: { ticketNo: string }) => c.ticketNo)).toEqual([complaint.ticketNo]);
      } finally {
        await restored.laoke.stop();
      }
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('writes to data/backups/laoke-<store time>.sqlite by default, and refuses a missing database or an existing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laoke-backup-'));
    try {
      const file = join(dir, 'laoke.sqlite');
      const missing = await runBackup([], { DATABASE_URL: `sqlite:${file}` });
      expect(missing).toEqual({ code: 1, output: `backup failed: there is no SQLite database at ${file}` });
      expect(existsSync(file)).toBe(false);

      const { laoke } = await serviceOn(file, dir);
      await laoke.stop();
      const at = new Date('2026-11-30T11:30:05Z');
      const made = await runBackup([], { DATABASE_URL: `sqlite:${file}`, STORE_TIMEZONE: 'Asia/Shanghai' }, at);
      const expected = join(dir, 'backups', 'laoke-20261130-193005.sqlite');
      expect(made.output).toContain(`backup written: ${expected} (`);
      expect(made.code).toBe(0);
      const again = await runBackup([expected], { DATABASE_URL: `sqlite:${file}` });
      expect(again).toEqual({ code: 1, output: `backup failed: ${expected} already exists; name a new file` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on MySQL/MariaDB writes nothing and points to mariadb-dump --single-transaction, without the password', async () => {
    const r = await runBackup([], { DATABASE_URL: 'mysql://laoke:s3cret@db.internal:3307/laoke_store' });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('nothing was written');
    expect(r.output).toContain('mariadb-dump --single-transaction');
    expect(r.output).toContain('-h db.internal -P 3307 -u laoke -p laoke_store');
    expect(r.output).not.toContain('s3cret');
  });
});
