import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export interface GracefulShutdownOptions {
  /** Stops the service: from its first moment the app answers every request 503 with Connection: close. */
  stop(): Promise<void>;
  /**
   * How long kept-alive connections stay open after the stop began, so a request a client sends on one
   * meanwhile gets a clean 503 instead of a reset (default 1 s).
   */
  graceMs?: number;
  /** After this, connections still open are cut (default 15 s). */
  forceAfterMs?: number;
}

/**
 * Shutdown of a listening server without resetting kept-alive connections under their clients. Closing an
 * idle kept-alive connection races with the client reusing it (it sees a reset), so:
 * 1. stop accepting connections, but leave the open ones be;
 * 2. stop the service: requests that arrive on an open connection now get 503 with Connection: close
 *    (Node then closes that connection), and those in flight end with Connection: close;
 * 3. after the grace period, and once the service has stopped, close what is left idle, then wait for
 *    the rest (cut after forceAfterMs).
 */
export function gracefulShutdown(server: Server, opts: GracefulShutdownOptions): { shutdown(): Promise<void> } {
  const graceMs = opts.graceMs ?? 1000;
  const forceAfterMs = opts.forceAfterMs ?? 15_000;
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  let running: Promise<void> | null = null;
  return {
    shutdown() {
      running ??= (async () => {
        const allClosed = new Promise<void>((resolve) => {
          // net.Server's close stops listening only; http.Server's would also drop idle kept-alive connections now.
          NetServer.prototype.close.call(server, () => resolve());
        });
        const stopped = opts.stop();
        await Promise.all([stopped, new Promise((r) => setTimeout(r, graceMs))]);
        server.closeIdleConnections();
        const force = setTimeout(() => {
          for (const socket of open) socket.destroy();
        }, forceAfterMs);
        force.unref();
        await allClosed;
        clearTimeout(force);
      })();
      return running;
    },
  };
}
