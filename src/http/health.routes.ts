import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ChatAccountLease, ChatState } from '../chat';
import { defineRoute, type RouteDef } from './route';

const stateDescription = 'starting | waiting_login | online | offline | restarting | stopped';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  chat: z.string().meta({ description: `The first (main) store account: ${stateDescription}` }),
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      state: z.string().meta({ description: `This instance's bot of the account: ${stateDescription}` }),
      holder: z.string().nullable().meta({ description: 'Instance (host:pid:random) holding the account (its lease); null when released or unknown' }),
      leaseExpiresAt: z.string().nullable(),
      holderState: z.string().nullable().meta({ description: "The holder's bot state, as it last wrote it on the lease" }),
    }),
  ),
});

export function healthRoutes(deps: {
  ds: DataSource;
  accounts: { states(): { id: string; name: string; state: ChatState }[] };
  leases: () => Promise<ChatAccountLease[]>;
}): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and dependencies (every chat account’s state): 503 when the database is unreachable',
      tags: ['ops'],
      auth: { kind: 'none' },
      response: healthSchema,
      errors: [503],
      async handler() {
        let db: 'ok' | 'down' = 'ok';
        let leases: ChatAccountLease[] = [];
        try {
          await deps.ds.query('SELECT 1');
          leases = await deps.leases();
        } catch {
          db = 'down';
        }
        const accounts = deps.accounts.states().map((a) => {
          const lease = leases.find((l) => l.account === a.id);
          return { id: a.id, name: a.name, state: a.state, holder: lease?.holder ?? null, leaseExpiresAt: lease?.expiresAt.toISOString() ?? null, holderState: lease?.chatState ?? null };
        });
        const body = { status: db === 'ok' ? ('ok' as const) : ('degraded' as const), db, chat: accounts[0].state, accounts };
        return db === 'ok' ? body : { raw: true as const, status: 503, body };
      },
    }),
  ];
}
