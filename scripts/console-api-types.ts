/**
 * `npm run console:api-types [-- --url http://localhost:3000/openapi.json]`: writes the console's typed
 * API (src/console/api/openapi.ts) from the OpenAPI document of the routes, built in-process on a
 * throwaway SQLite database unless a running service's URL is given.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { createLaoke } from '../src/laoke';
import { createLogger } from '../src/shared/logger';
import { openApiToTypeScript, type OpenApiDocument } from './openapi-types';

export const CONSOLE_API_TYPES = join(__dirname, '..', 'src', 'console', 'api', 'openapi.ts');

async function documentInProcess(): Promise<OpenApiDocument> {
  const dir = mkdtempSync(join(tmpdir(), 'laoke-api-types-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'laoke.sqlite')}`, DATA_DIR: dir, SEED_DEMO: 'false', LOG_LEVEL: 'error' });
  const laoke = await createLaoke(config, { log: createLogger('error') });
  const server = laoke.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as { port: number };
    return (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as OpenApiDocument;
  } finally {
    server.close();
    await laoke.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--url');
  const doc = at > 0 ? ((await (await fetch(process.argv[at + 1])).json()) as OpenApiDocument) : await documentInProcess();
  writeFileSync(CONSOLE_API_TYPES, openApiToTypeScript(doc));
  console.log(`console:api-types: wrote ${CONSOLE_API_TYPES} (${Object.keys(doc.paths).filter((p) => p.startsWith('/admin/')).length} /admin paths)`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
