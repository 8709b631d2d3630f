import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { RouteDef } from './http/route';
import type { Clock } from './shared/clock';
import type { Logger } from './shared/logger';
import type { TemplateLibrary } from './shared/templates';

/**
 * The contract between business modules and the composition root (src/laoke.ts). Each module's
 * index.ts exports a factory that takes the platform and the typed services of the modules it builds
 * on, and returns its public service with these parts; the root passes everything explicitly.
 */

/** What every module may be given: configuration, database, clock, logger and message templates. */
export interface Platform {
  config: Readonly<Config>;
  ds: DataSource;
  clock: Clock;
  log: Logger;
  templates: TemplateLibrary;
}

/** A scheduled job: thin wiring; `run` is one call into a module service. */
export interface JobDef {
  name: string;
  /** node-cron expression, evaluated in the store time zone. */
  schedule: string;
  description: string;
  run(now: Date): Promise<unknown>;
  /** Run on every instance at each fire instead of once across instances (work tied to what the instance holds). */
  everyInstance?: boolean;
}

/** What a module plugs into the HTTP app and the scheduler. Chat words and dialogs are chat's ChatFeatures. */
export interface ModuleParts {
  routes?: RouteDef[];
  jobs?: JobDef[];
  stop?(): Promise<void>;
}
