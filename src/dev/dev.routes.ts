import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MoreThan, type DataSource } from 'typeorm';
import { z } from 'zod';
import { instant, multiLine, singleLine } from '../shared/input-schema';
import { ChatMessage } from '../members';
import { defineRoute, type RouteDef } from '../http/route';
import type { JobScheduler } from '../jobs/scheduler';
import type { AdjustableClock } from '../shared/clock';
import { NotFoundError, UnavailableError } from '../shared/errors';
import type { ChatSimulator } from './chat-simulator';
import type { Staff } from '../staff';
import type { MockChatWorld } from './mock-chat';
import type { MockChatWorlds } from './mock-worlds';
import { CHAT_ACCOUNT_ID, type ChatState } from '../chat';

/** Which store account the simulated contact talks to; the first account when left out. */
const accountField = z.string().trim().regex(CHAT_ACCOUNT_ID, 'expected a chat account id').optional();

const contactSchema = z.strictObject({
  id: z.string().trim().min(1).max(100).regex(/^[\w\-.@]+$/, 'letters, digits, _ - . @ only'),
  name: singleLine(64),
});

const sendSchema = z.strictObject({
  account: accountField,
  from: contactSchema,
  text: multiLine(10_000, { min: 0, trim: false }).optional(),
  attachment: z.enum(['image', 'voice', 'video', 'sticker', 'file', 'link', 'miniprogram']).optional(),
  /** A text's message id: the same id again is what WeChat redelivers after a re-login (another instance may answer it). */
  messageId: z.string().trim().min(1).max(100).regex(/^[\w\-.:]+$/, 'letters, digits, _ - . : only').optional(),
}).refine((b) => b.text !== undefined || b.attachment !== undefined, { message: 'give text or attachment', path: ['text'] });

const WAIT_MS = 15_000;

const clockSchema = z.object({ now: z.iso.datetime() });

export interface DevRouteDeps {
  ds: DataSource;
  worlds: MockChatWorlds;
  /** One simulator per store account. */
  simulators: Map<string, ChatSimulator>;
  accounts: { states(): { id: string; name: string; state: ChatState }[] };
  clock: AdjustableClock;
  scheduler: JobScheduler;
  waitForFriendship(account: string, contactId: string, timeoutMs: number): Promise<{ accepted: boolean }>;
  listStaff(): Promise<Staff[]>;
  isOnline(account: string): boolean;
}

/** The chat simulator and time controls; mounted only with the mock puppet. */
export function devRoutes(deps: DevRouteDeps): RouteDef[] {
  const page = readFileSync(join(__dirname, 'simulator.html'), 'utf8');
  const accountOf = (account: string | undefined): { id: string; world: MockChatWorld; simulator: ChatSimulator } => {
    const id = account ?? deps.worlds.ids()[0];
    const world = deps.worlds.get(id);
    const simulator = deps.simulators.get(id);
    if (!world || !simulator) throw new NotFoundError('No such chat account');
    return { id, world, simulator };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/dev/chat',
      summary: 'Chat simulator page',
      tags: ['dev'],
      auth: { kind: 'none' },
      hidden: true,
      async handler() {
        return { raw: true as const, type: 'text/html; charset=utf-8', body: page };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dev/chat/messages',
      summary: 'Deliver a message to the bot as a WeChat contact; answers with the bot replies',
      tags: ['dev'],
      auth: { kind: 'none' },
      body: sendSchema,
      response: z.object({ messageId: z.string(), status: z.string(), replies: z.array(z.string()) }),
      errors: [404, 503],
      async handler({ body }) {
        const { id, simulator } = accountOf(body.account);
        if (!deps.isOnline(id)) throw new UnavailableError('The store chat account is offline; messages would not be answered');
        const done = body.attachment ? await simulator.send(body.from, body.attachment) : await simulator.say(body.from, body.text ?? '', { id: body.messageId });
        return { messageId: done.messageId, status: done.status, replies: done.replies };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dev/chat/friend-requests',
      summary: 'A WeChat user adds the store account; answers whether it was accepted',
      tags: ['dev'],
      auth: { kind: 'none' },
      body: z.strictObject({ account: accountField, from: contactSchema, hello: singleLine(200, { min: 0 }).default('') }),
      response: z.object({ accepted: z.boolean(), replies: z.array(z.string()) }),
      errors: [404],
      async handler({ body }) {
        const { id, world } = accountOf(body.account);
        const out = deps.ds.getRepository(ChatMessage);
        // Only what this request made the bot say, not the contact's earlier history.
        const before = (await out.findOne({ where: { contactId: body.from.id }, order: { id: 'DESC' } }))?.id ?? 0;
        const wait = deps.waitForFriendship(id, body.from.id, WAIT_MS);
        world.friendRequest(body.from, body.hello);
        const { accepted } = await wait;
        const rows = await out.find({ where: { account: id, contactId: body.from.id, direction: 'out', id: MoreThan(before) }, order: { id: 'ASC' } });
        return { accepted, replies: rows.map((r) => r.text ?? '') };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dev/chat/contacts/:contactId/remove',
      summary: 'The contact deletes the store account (删除好友): the next text to them is refused',
      tags: ['dev'],
      auth: { kind: 'none' },
      // A WeChat contact id (a string), not a database id.
      params: z.strictObject({ contactId: contactSchema.shape.id }),
      query: z.strictObject({ account: accountField }),
      response: z.object({ contact: z.string(), removed: z.boolean() }),
      errors: [404],
      async handler({ params, query }) {
        accountOf(query.account).world.removeStore(params.contactId);
        return { contact: params.contactId, removed: true };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dev/chat/contacts/:contactId/send-fault',
      summary: 'Arm a fault on the next text to the contact: `fail_after_delivery` (it arrives, then the call fails: the send is unclear and waits for a check), `logout_on_lookup` or `hang_before_delivery` (the send never returns)',
      tags: ['dev'],
      auth: { kind: 'none' },
      params: z.strictObject({ contactId: contactSchema.shape.id }),
      body: z.strictObject({ account: accountField, fault: z.enum(['fail_after_delivery', 'logout_on_lookup', 'hang_before_delivery']) }),
      response: z.object({ contact: z.string(), fault: z.string() }),
      errors: [404],
      async handler({ params, body }) {
        accountOf(body.account).world.failNextSend(params.contactId, body.fault);
        return { contact: params.contactId, fault: body.fault };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dev/chat/transcript',
      summary: 'Everything said between the store account and one contact',
      tags: ['dev'],
      auth: { kind: 'none' },
      query: z.object({ contact: singleLine(128), account: accountField }),
      response: z.object({
        contact: z.string(),
        messages: z.array(
          z.object({ direction: z.enum(['in', 'out']), account: z.string(), kind: z.string(), text: z.string().nullable(), at: z.string() }),
        ),
      }),
      async handler({ query }) {
        // Without an account: everything said with the contact on any of the store's accounts.
        const where = query.account ? { contactId: query.contact, account: query.account } : { contactId: query.contact };
        const rows = await deps.ds.getRepository(ChatMessage).find({ where, order: { id: 'ASC' }, take: 500 });
        return {
          contact: query.contact,
          messages: rows.map((r) => ({ direction: r.direction, account: r.account, kind: r.kind, text: r.text, at: r.createdAt.toISOString() })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dev/chat/staff',
      summary: 'Staff contacts to chat as in the simulator',
      tags: ['dev'],
      auth: { kind: 'none' },
      response: z.object({ staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) }),
      async handler() {
        const staff = await deps.listStaff();
        return { staff: staff.flatMap((s) => (s.wechatContactId ? [{ id: s.wechatContactId, name: s.name, role: s.role }] : [])) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dev/chat/account',
      summary: 'Simulate the store account dropping: logout or a puppet error',
      tags: ['dev'],
      auth: { kind: 'none' },
      body: z.strictObject({ account: accountField, action: z.enum(['logout', 'error']) }),
      response: z.object({ ok: z.literal(true) }),
      errors: [404],
      async handler({ body }) {
        const { world } = accountOf(body.account);
        if (body.action === 'logout') await world.logout();
        // A puppet that keeps failing (three errors) is restarted; a single error is only logged.
        else world.emitError('simulated puppet error', 3);
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dev/chat/accounts',
      summary: 'The store accounts the simulator can write to, first = default',
      tags: ['dev'],
      auth: { kind: 'none' },
      response: z.object({ accounts: z.array(z.object({ id: z.string(), name: z.string(), state: z.string() })) }),
      async handler() {
        return { accounts: deps.accounts.states().map((a) => ({ id: a.id, name: a.name, state: a.state })) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dev/clock',
      summary: 'The service clock',
      tags: ['dev'],
      auth: { kind: 'none' },
      response: clockSchema,
      async handler() {
        return { now: deps.clock.now().toISOString() };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dev/clock',
      summary: 'Set the service clock (it keeps ticking from there unless frozen); {"reset":true} goes back to real time',
      tags: ['dev'],
      auth: { kind: 'none' },
      body: z.union([
        z.strictObject({ now: instant, freeze: z.boolean().default(false) }),
        z.strictObject({ reset: z.literal(true) }),
      ]),
      response: clockSchema,
      async handler({ body }) {
        if ('reset' in body) deps.clock.reset();
        else deps.clock.set(new Date(body.now), { freeze: body.freeze });
        return { now: deps.clock.now().toISOString() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dev/jobs',
      summary: 'Scheduled jobs',
      tags: ['dev'],
      auth: { kind: 'none' },
      response: z.object({ jobs: z.array(z.object({ name: z.string(), schedule: z.string(), description: z.string() })) }),
      async handler() {
        return { jobs: deps.scheduler.list().map((j) => ({ name: j.name, schedule: j.schedule, description: j.description })) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/dev/jobs/:name/run',
      summary: 'Run a scheduled job now',
      tags: ['dev'],
      auth: { kind: 'none' },
      params: z.object({ name: z.string().regex(/^[\w-]+$/) }),
      response: z.object({
        job: z.string(),
        result: z.record(z.string(), z.unknown()).nullable().meta({ description: 'The job’s own summary of what it did' }),
      }),
      errors: [404],
      async handler({ params }) {
        const result = await deps.scheduler.runNow(params.name);
        return { job: params.name, result: result ?? null };
      },
    }),
  ];
}
