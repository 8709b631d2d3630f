/**
 * Second step of `npm run build:service`, run compiled (`node dist/scripts/copy-build-assets.js`) right after
 * tsc: copies what the compiled service reads at run time but tsc does not emit, so dist/ runs on its own —
 * templates/ to dist/templates, and every non-TypeScript file under src/ (the chat simulator's page) next to
 * its compiled code. The console is built into dist/console by vite (`npm run console:build`).
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The repository: two levels up from dist/scripts when compiled, one from scripts under ts-node. */
const REPO = __filename.endsWith('.js') ? join(__dirname, '..', '..') : join(__dirname, '..');
const DIST = join(REPO, 'dist');

/** Files under `dir` that tsc does not emit (not .ts), relative to `dir`; the console has its own build. */
export function runtimeAssets(dir: string, skip: (rel: string) => boolean, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const rel = relative(base, path);
    if (skip(rel)) return [];
    if (entry.isDirectory()) return runtimeAssets(path, skip, base);
    return entry.name.endsWith('.ts') ? [] : [rel];
  });
}

function main(): void {
  const [repo, dist] = [REPO, DIST];
  if (!existsSync(join(dist, 'src', 'main.js'))) {
    console.error('build: dist/src/main.js is missing; run `npm run build` (tsc first, then this step).');
    process.exit(1);
  }
  // A template deleted from templates/ must not live on in dist/.
  rmSync(join(dist, 'templates'), { recursive: true, force: true });
  cpSync(join(repo, 'templates'), join(dist, 'templates'), { recursive: true });
  const src = join(repo, 'src');
  const assets = runtimeAssets(src, (rel) => rel.split(sep)[0] === 'console');
  for (const rel of assets) cpSync(join(src, rel), join(dist, 'src', rel));
  console.log(`build: copied templates/ and ${assets.length} file(s) from src/ (${assets.join(', ')}) into dist/.`);
}

if (require.main === module) main();
