import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleBuildDecision } from '../../scripts/build-console';

/** `npm start` builds the console only when it must (scripts/build-console.ts). */
describe('the console build before npm start', () => {
  const make = () => {
    const root = mkdtempSync(join(tmpdir(), 'laoke-build-'));
    const sources = join(root, 'src', 'console');
    mkdirSync(join(sources, 'pages'), { recursive: true });
    mkdirSync(join(root, 'dist', 'console'), { recursive: true });
    return { root, sources, config: join(sources, 'vite.config.mts'), builtIndex: join(root, 'dist', 'console', 'index.html') };
  };
  const touch = (path: string, secondsAgo: number) => {
    writeFileSync(path, 'x');
    const t = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(path, t, t);
  };

  it('skips with a message when the console has no vite config yet', () => {
    const p = make();
    expect(consoleBuildDecision(p)).toBe('no-sources');
  });

  it('builds when dist/console is missing or older than any source file, and not when it is newer', () => {
    const p = make();
    touch(p.config, 100);
    touch(join(p.sources, 'pages', 'TodayPage.vue'), 50);
    expect(consoleBuildDecision(p)).toBe('build');
    touch(p.builtIndex, 10);
    expect(consoleBuildDecision(p)).toBe('up-to-date');
    touch(join(p.sources, 'pages', 'TodayPage.vue'), 1);
    expect(consoleBuildDecision(p)).toBe('build');
    touch(p.builtIndex, 0);
    expect(consoleBuildDecision(p)).toBe('up-to-date');
    expect(consoleBuildDecision(p, true)).toBe('build');
  });
});
