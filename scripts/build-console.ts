/**
 * Run by `npm start` before the service: builds the staff console (`vite build --config
 * src/console/vite.config.mts` → dist/console) when dist/console is missing or older than any file under
 * src/console. `npm run console:build` builds it whatever the dates.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const CONSOLE_SOURCES = join(ROOT, 'src', 'console');
export const VITE_CONFIG = join(CONSOLE_SOURCES, 'vite.config.mts');
export const BUILT_INDEX = join(ROOT, 'dist', 'console', 'index.html');

/** The newest modification time of any file under `dir` (0 for none). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export type ConsoleBuildDecision = 'no-sources' | 'up-to-date' | 'build';

/** Whether the console must be built: sources exist and the build is missing or older than one of them. */
export function consoleBuildDecision(paths: { sources: string; config: string; builtIndex: string }, force = false): ConsoleBuildDecision {
  if (!existsSync(paths.config)) return 'no-sources';
  if (force || !existsSync(paths.builtIndex)) return 'build';
  return statSync(paths.builtIndex).mtimeMs >= newestMtime(paths.sources) ? 'up-to-date' : 'build';
}

function main(): void {
  const decision = consoleBuildDecision({ sources: CONSOLE_SOURCES, config: VITE_CONFIG, builtIndex: BUILT_INDEX }, process.argv.includes('--force'));
  if (decision === 'no-sources') {
    console.log('console: src/console/vite.config.mts does not exist yet, so there is no console to build; the service starts without it (/console says so).');
    return;
  }
  if (decision === 'up-to-date') {
    console.log('console: dist/console is up to date with src/console.');
    return;
  }
  console.log('console: building src/console into dist/console (vite build) …');
  const started = Date.now();
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', VITE_CONFIG], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`console: vite build failed (exit ${run.status ?? run.signal}); fix src/console or run \`npm run console:build\` to see why.`);
    process.exit(run.status ?? 1);
  }
  console.log(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (require.main === module) main();
