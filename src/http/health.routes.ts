import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ChatAccountLease, ChatChannel } from '../chat';
import { defineRoute, type RouteDef } from './route';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  chat: z.string().meta({ description: "This instance's bot: starting | waiting_login | online | offline | restarting | stopped" }),
  accounts: z
    .array(
      z.object({
        account: z.string(),
        holder: z.string().nullable().meta({ description: 'Instance (host:pid:random) holding the account; null when released' }),
        leaseExpiresAt: z.string(),
        chat: z.string().meta({ description: "The holder's bot state, as it last wrote it" }),
      }),
    )
    .meta({ description: 'Who holds each chat account across instances (the lease table)' }),
});

export function healthRoutes(deps: { ds: DataSource; channel: ChatChannel; leases: () => Promise<ChatAccountLease[]> }): RouteDef[] {
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
        let accounts: z.infer<typeof healthSchema>['accounts'] = [];
        try {
          await deps.ds.query('SELECT 1');
          accounts = (await deps.leases()).map((l) => ({ account: l.account, holder: l.holder, leaseExpiresAt: l.expiresAt.toISOString(), chat: l.chatState }));
        } catch {
          db = 'down';
        }
        const body = { status: db === 'ok' ? ('ok' as const) : ('degraded' as const), db, chat: deps.channel.state(), accounts };
        return db === 'ok' ? body : { raw: true as const, status: 503, body };
      },
    }),
  ];
}
