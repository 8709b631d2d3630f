import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ChatChannel } from '../chat';
import { defineRoute, type RouteDef } from './route';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  chat: z.string().meta({ description: 'starting | waiting_login | online | offline | restarting | stopped' }),
});

export function healthRoutes(deps: { ds: DataSource; channel: ChatChannel }): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and dependencies: 503 when the database is unreachable',
      tags: ['ops'],
      auth: { kind: 'none' },
      response: healthSchema,
      errors: [503],
      async handler() {
        let db: 'ok' | 'down' = 'ok';
        try {
          await deps.ds.query('SELECT 1');
        } catch {
          db = 'down';
        }
        const body = { status: db === 'ok' ? ('ok' as const) : ('degraded' as const), db, chat: deps.channel.state() };
        return db === 'ok' ? body : { raw: true as const, status: 503, body };
      },
    }),
  ];
}
