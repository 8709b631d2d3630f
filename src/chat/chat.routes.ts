import { z } from 'zod';
import { defineRoute, type RouteDef } from '../http/route';
import { NotFoundError } from '../shared/errors';
import type { LoginQr } from './wechaty-channel';
import type { ChatState } from './ports';

const statusSchema = z.object({
  state: z.string(),
  loginQr: z.object({ qrcode: z.string(), status: z.string(), at: z.string(), loginUrl: z.string() }).nullable(),
});

/** Staff can see whether the store account is online and, when it is not, the QR code to log it in. */
export function chatAdminRoutes(deps: { state(): ChatState; loginQr(): LoginQr | null }): RouteDef[] {
  const qr = () => {
    const q = deps.loginQr();
    return q
      ? { qrcode: q.qrcode, status: q.status, at: q.at.toISOString(), loginUrl: `https://wechaty.js.org/qrcode/${encodeURIComponent(q.qrcode)}` }
      : null;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/admin/chat/status',
      summary: 'State of the store WeChat account',
      tags: ['chat'],
      auth: { kind: 'staff' },
      response: statusSchema,
      async handler() {
        return { state: deps.state(), loginQr: qr() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/admin/chat/qrcode',
      summary: 'The login QR code while the account waits for a scan (404 when logged in)',
      tags: ['chat'],
      auth: { kind: 'staff' },
      response: statusSchema.shape.loginQr.unwrap(),
      errors: [404],
      async handler() {
        const code = qr();
        if (!code) throw new NotFoundError('No QR code: the account is logged in or has not asked for a scan yet');
        return code;
      },
    }),
  ];
}
