import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cruiser = join(root, 'node_modules', '.bin', 'depcruise');

/** Runs dependency-cruiser with the project's rules over `src` under `cwd`; answers its exit code and report. */
function cruise(cwd: string): { status: number; report: string } {
  try {
    const report = execFileSync(cruiser, ['src', '--config', join(root, '.dependency-cruiser.js'), '--output-type', 'err'], { cwd, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, report };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, report: `${e.stdout}${e.stderr}` };
  }
}

describe('the layering rules run by npm test (dependency-cruiser)', () => {
  it('fail on a tree that breaks them, naming each broken rule', () => {
    const { status, report } = cruise(join(root, 'test', 'fixtures', 'layering'));
    expect(status).not.toBe(0);
    expect(report).toMatch(/no-circular: src\/members\/index\.ts →[^]*src\/outbox\/outbox-store\.ts/);
    expect(report).toMatch(/module-through-index: src\/members\/member\.service\.ts → src\/outbox\/outbox-store\.ts/);
    expect(report).toMatch(/no-framework-in-module-services: src\/members\/member\.service\.ts → \S*node_modules\/koa\//);
    expect(report).toMatch(/edges-depend-on-modules-not-back: src\/outbox\/outbox\.service\.ts → src\/http\/route\.ts/);
    expect(report).toMatch(/console-bundles-no-server-code: src\/console\/main\.ts → src\/members\/index\.ts/);
  }, 60_000);
});
