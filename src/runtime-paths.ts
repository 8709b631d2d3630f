import { join } from 'node:path';

/**
 * Where the files the service reads at run time live, from both ways it runs: under ts-node (this file is
 * src/runtime-paths.ts, the root is the repository) and compiled (dist/src/runtime-paths.js, the root is
 * dist/, which `npm run build` fills with everything the compiled service reads, so dist/ runs on its own).
 */
export const COMPILED = __filename.endsWith('.js');

/** The repository under ts-node, dist/ when compiled. */
export const RUNTIME_ROOT = join(__dirname, '..');

/** Reply texts and message templates (`templates/**.yaml`; `npm run build` copies them to dist/templates). */
export const TEMPLATES_DIR = join(RUNTIME_ROOT, 'templates');

/** Where `vite build` puts the staff console (scripts/build-console.ts), served at /console: dist/console either way. */
export const CONSOLE_DIR = COMPILED ? join(RUNTIME_ROOT, 'console') : join(RUNTIME_ROOT, 'dist', 'console');
