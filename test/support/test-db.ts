import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

export interface TestDatabase {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database per test file: a temp SQLite file by default, or, when DATABASE_URL is a
 * mysql:// URL, a new database on that server (so test files can run in parallel and never share state).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'laoke-test-'));
  const base = process.env.DATABASE_URL;
  if (base && /^(mysql|mariadb):\/\//.test(base)) {
    const url = new URL(base.replace(/^mariadb:/, 'mysql:'));
    const name = `laoke_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const testUrl = new URL(url.toString());
    testUrl.pathname = `/${name}`;
    return {
      url: testUrl.toString(),
      dataDir,
      async drop() {
        const conn = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  return {
    url: `sqlite:${join(dataDir, 'laoke.sqlite')}`,
    dataDir,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const onMysql = (): boolean => /^(mysql|mariadb):\/\//.test(process.env.DATABASE_URL ?? '');
