import { rmSync } from 'node:fs';
import { basename } from 'node:path';

/** Drops the run's temp database folder (made by playwright.config.ts). */
export default function removeRunData(): void {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && basename(dir).startsWith('laoke-e2e-')) rmSync(dir, { recursive: true, force: true });
}
