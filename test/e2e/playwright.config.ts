/**
 * Browser tests of the staff console (`npm run test:e2e`): Debian's Chromium drives the console served by
 * the real service (mock WeChat, demo store) on a fresh SQLite database in a temp folder.
 */
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
// One free port and one fresh database for the run; the workers inherit both through the environment.
process.env.E2E_PORT ??= execFileSync(process.execPath, [
  '-e',
  "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })",
])
  .toString()
  .trim();
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'laoke-e2e-'));
const port = process.env.E2E_PORT;
const dataDir = process.env.E2E_DATA_DIR;
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: '.',
  testMatch: /\.(spec|setup)\.ts$/,
  outputDir: join(root, 'test-results', 'e2e'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalTeardown: join(__dirname, 'global-teardown.ts'),
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The console draws charts without animation for people who ask for less motion: screenshots see them finished.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'store', testMatch: /store\.setup\.ts$/ },
    { name: 'console', testMatch: /\.spec\.ts$/, dependencies: ['store'], use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: process.env.E2E_SERVER_COMMAND ?? 'npx ts-node --transpile-only src/main.ts',
    cwd: root,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: port,
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dataDir, 'laoke.sqlite')}`,
      DATA_DIR: dataDir,
      DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
  },
});
