import 'reflect-metadata';
import { once } from 'node:events';
import { loadConfig } from '../../src/config';
import { createLaoke } from '../../src/laoke';
import { createLogger } from '../../src/shared/logger';

/**
 * One real service process for the multi-instance tests (chat-lease-processes.test.ts): the same
 * composition root as src/main.ts, configured from the environment, on a database the test has already
 * migrated and seeded. Prints `READY <instance id>` once it listens; SIGTERM stops it gracefully.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const laoke = await createLaoke(config, { log: createLogger(config.LOG_LEVEL), migrate: false });
  await laoke.start({ schedules: false });
  const server = laoke.app.listen(config.PORT, config.HOST);
  await once(server, 'listening');
  process.stdout.write(`READY ${laoke.lease.instanceId}\n`);
  process.on('SIGTERM', () => {
    server.close();
    void laoke.stop().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`lease instance failed: ${(err as Error).message}\n`);
  process.exit(1);
});
