import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config';
import { seedDemoStore } from './db/demo-seed';
import { gracefulShutdown } from './http/graceful-shutdown';
import { createLaoke } from './laoke';
import { createLogger } from './shared/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const laoke = await createLaoke(config, { log });
  const seed = config.SEED_DEMO ? await seedDemoStore(laoke.ds, laoke.services) : { seeded: false };

  // Listen before the chat starts: a real puppet may take long to connect (or keep retrying), and /healthz
  // must answer meanwhile (it shows the chat state), so a supervisor does not restart a healthy service.
  const server: Server = laoke.app.listen(config.PORT, config.HOST);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (err) {
    await laoke.stop();
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `port ${config.PORT} is already in use; start with another one, e.g. PORT=3001 npm start` : (err as Error).message);
  }

  const drain = gracefulShutdown(server, { stop: () => laoke.stop() });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    // No new connections; kept-alive ones get 503 with Connection: close, not a reset (see graceful-shutdown.ts).
    await drain.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // PORT=0 takes a free port: name the one the system gave.
  const port = (server.address() as AddressInfo).port;
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    `老客 laoke is running on ${base}  (database: ${config.db.kind}, chat: ${config.WECHATY_PUPPET}${config.NODE_ENV === 'production' ? ', production' : ''})`,
    config.devMode ? `  Chat simulator:   ${base}/dev/chat` : `  Log the store account in: scan the QR code the log prints next, or GET ${base}/admin/chat/qrcode`,
    `  Health:           ${base}/healthz`,
    `  API description:  ${base}/openapi.json`,
  ];
  if (config.devMode && config.NODE_ENV === 'production') {
    lines.push('  Warning: production with the mock puppet — no real WeChat, and the /dev routes are open. Set WECHATY_PUPPET.');
  }
  if (seed.seeded) {
    lines.push('  Demo store seeded: manager 王店长, assistants 李丽 and 张敏, three members.');
    lines.push(`  Manager API token (shown once): ${seed.managerToken}`);
  }
  console.log(lines.join('\n') + '\n');

  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection');
  });
  // Puppets throw from their own timers now and then; one such error must not take the store offline.
  process.on('uncaughtException', (err) => {
    log.error({ err: err.message, stack: err.stack }, 'uncaught exception');
  });
  // Chat and schedules last: HTTP already answers while a puppet connects.
  await laoke.start();
}

main().catch((err) => {
  const log = createLogger('error');
  log.fatal({ err: (err as Error).message }, 'laoke failed to start');
  console.error(`\nlaoke failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
