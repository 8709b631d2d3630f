/**
 * `npm run templates:check [dir]`: fails (exit 1) on a template with an unknown variable, a promotion
 * word in a festival, season or long-time-no-see text, a missing care text or a syntax error.
 */
import { join } from 'node:path';
import { checkTemplates } from '../src/care/template-check';

const dir = process.argv[2] ?? join(__dirname, '..', 'templates');
const result = checkTemplates(dir);
for (const p of result.problems) {
  console.error(`✗ ${p.key}${p.variant ? ` #${p.variant}` : ''}: ${p.problem}`);
}
if (result.problems.length) {
  console.error(`templates:check failed: ${result.problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
console.log(`templates:check ok: ${result.checked} care templates checked against their variables and tone, ${result.syntaxOnly} others syntax-checked (${dir})`);
