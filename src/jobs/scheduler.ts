import { randomUUID } from 'node:crypto';
import { createTask, type RunCoordinator, type ScheduledTask } from 'node-cron';
import { LessThan, type DataSource } from 'typeorm';
import { isUniqueViolation } from '../db/sql-dialect';
import type { JobDef } from '../module';
import type { Clock } from '../shared/clock';
import { NotFoundError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { JobRun } from './job-run.entity';

export type { JobDef };

/**
 * One run per cron fire across all instances: the first instance to insert the fire's row wins
 * (a primary-key insert, so it works the same on SQLite and MySQL).
 */
export class DatabaseRunCoordinator implements RunCoordinator {
  readonly instanceId = randomUUID();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.ds.getRepository(JobRun).insert({
        runKey: key.slice(0, 160),
        instanceId: this.instanceId,
        claimedAt: now,
        leaseUntil: new Date(now.getTime() + ttlMs),
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Old claims are kept a week for diagnosis, then dropped. */
  async prune(): Promise<void> {
    await this.ds.getRepository(JobRun).delete({ claimedAt: LessThan(new Date(this.clock.now().getTime() - 7 * 86_400_000)) });
  }
}

export class JobScheduler {
  private readonly jobs = new Map<string, JobDef>();
  private readonly tasks: ScheduledTask[] = [];
  private readonly coordinator: DatabaseRunCoordinator;

  constructor(
    private readonly deps: { ds: DataSource; clock: Clock; log: Logger; timezone: string },
  ) {
    this.coordinator = new DatabaseRunCoordinator(deps.ds, deps.clock);
  }

  register(job: JobDef): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
  }

  list(): JobDef[] {
    return [...this.jobs.values()];
  }

  /** Runs a job now, outside its schedule (the dev route, tests); errors propagate to the caller. */
  async runNow(name: string): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new NotFoundError(`No job named ${name}`, { jobs: [...this.jobs.keys()] });
    return job.run(this.deps.clock.now());
  }

  start(): void {
    for (const job of this.jobs.values()) {
      const task = createTask(
        job.schedule,
        async () => {
          try {
            await job.run(this.deps.clock.now());
          } catch (err) {
            this.deps.log.error({ err: (err as Error).message, job: job.name }, 'job failed');
          }
        },
        job.everyInstance
          ? { name: job.name, timezone: this.deps.timezone, noOverlap: true }
          : { name: job.name, timezone: this.deps.timezone, noOverlap: true, distributed: true, runCoordinator: this.coordinator },
      );
      void task.start();
      this.tasks.push(task);
    }
    this.deps.log.info({ jobs: [...this.jobs.keys()], timezone: this.deps.timezone }, 'jobs scheduled');
  }

  async stop(): Promise<void> {
    await Promise.all(this.tasks.map(async (t) => { await t.stop(); await t.destroy(); }));
    this.tasks.length = 0;
  }

  get runCoordinator(): DatabaseRunCoordinator {
    return this.coordinator;
  }
}
