import { type DataSource, IsNull } from 'typeorm';
import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route';
import { Member } from '../members';
import { NotFoundError } from '../shared/errors';
import type { ChatAccountView } from './accounts/chat-accounts';
import { CHAT_ACCOUNT_ID } from './accounts/chat-accounts.config-schema';
import type { LoginQr } from './wechaty-channel';

const qrSchema = z.object({ qrcode: z.string(), status: z.string(), at: z.string(), loginUrl: z.string() });

const statusSchema = z.object({
  account: z.string(),
  state: z.string(),
  loginQr: qrSchema.nullable(),
});

const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string().meta({ description: 'starting | waiting_login | online | offline | restarting | stopped' }),
  loginQr: qrSchema.nullable(),
  members: z.number().int().meta({ description: 'Living members who are friends with this account' }),
  sentToday: z.number().int().meta({ description: 'Proactive messages counted against the daily ceiling today' }),
  dailyLimit: z.number().int(),
});

/** Which account a status request is about: the first (main) account unless named. */
export const accountQuery = z.strictObject({
  account: z.string().trim().regex(CHAT_ACCOUNT_ID, 'expected a chat account id').optional(),
});

export interface ChatAdminDeps {
  ds: DataSource;
  accounts: { states(): ChatAccountView[] };
  /** Proactive messages an account has sent (or holds slots for) today, against its daily ceiling. */
  sentToday(account: string): Promise<number>;
}

function qrView(q: LoginQr | null) {
  return q ? { qrcode: q.qrcode, status: q.status, at: q.at.toISOString(), loginUrl: `https://wechaty.js.org/qrcode/${encodeURIComponent(q.qrcode)}` } : null;
}

/** Staff can see whether each store account is online and, when one is not, the QR code to log it in. */
export function chatAdminRoutes(deps: ChatAdminDeps): RouteDef[] {
  const pick = (account: string | undefined): ChatAccountView => {
    const all = deps.accounts.states();
    const found = account === undefined ? all[0] : all.find((a) => a.id === account);
    if (!found) throw new NotFoundError('No such chat account');
    return found;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/admin/chat/status',
      summary: 'State of one store WeChat account (the first unless ?account= names another)',
      tags: ['chat'],
      auth: { kind: 'staff' },
      query: accountQuery,
      response: statusSchema,
      errors: [404],
      async handler({ query }) {
        const a = pick(query.account);
        return { account: a.id, state: a.state, loginQr: qrView(a.loginQr) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/chat/qrcode',
      summary: 'The login QR code while an account waits for a scan (404 when logged in)',
      tags: ['chat'],
      auth: { kind: 'staff' },
      query: accountQuery,
      response: qrSchema,
      errors: [404],
      async handler({ query }) {
        const code = qrView(pick(query.account).loginQr);
        if (!code) throw new NotFoundError('No QR code: the account is logged in or has not asked for a scan yet');
        return code;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/chat/accounts',
      summary: 'Every store WeChat account: state, login QR code, members, and today’s sends against the daily ceiling',
      tags: ['chat'],
      auth: { kind: 'staff', roles: ['manager', 'admin'] },
      response: z.object({ accounts: z.array(accountSchema) }),
      async handler() {
        const members = deps.ds.getRepository(Member);
        const accounts = await Promise.all(
          deps.accounts.states().map(async (a) => ({
            id: a.id,
            name: a.name,
            state: a.state,
            loginQr: qrView(a.loginQr),
            members: await members.countBy({ chatAccount: a.id, erasedAt: IsNull() }),
            sentToday: await deps.sentToday(a.id),
            dailyLimit: a.dailyLimit,
          })),
        );
        return { accounts };
      },
    }),
  ];
}
