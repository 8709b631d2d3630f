import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { statusesOf } from '../../src/http/mount';
import { errorBodySchema, type RouteDef } from '../../src/http/route';
import { DEMO, startHarness, waitFor, type Harness } from '../support/harness';
import { mpLogin } from '../support/mp';
import { callers, fillPath, tokenFor, type Callers } from '../support/route-callers';

type OpenApiDoc = {
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> }>>;
};

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex').toString('base64');

describe('/openapi.json tells the whole truth', () => {
  let h: Harness;
  let c: Callers;
  let routes: readonly RouteDef[];
  let doc: OpenApiDoc;
  beforeAll(async () => {
    h = await startHarness();
    c = await callers(h);
    routes = h.laoke.routes.filter((r) => !r.hidden);
    doc = (await h.http.get('/openapi.json')).body as OpenApiDoc;
  });
  afterAll(async () => {
    await h.close();
  });

  const opOf = (r: RouteDef) => doc.paths[r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')][r.method];

  it('is a valid OpenAPI 3.1 document for a maintained validator (@seriousme/openapi-schema-validator)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'laoke-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    let out: string;
    try {
      out = execFileSync(process.execPath, [join(__dirname, '../../scripts/validate-openapi.mjs'), file], { encoding: 'utf8' });
    } catch (err) {
      throw new Error(`the validator refused the document: ${(err as { stdout?: string }).stdout ?? String(err)}`);
    }
    expect(out.trim()).toBe('valid');
  });

  it('gives every operation a unique operationId and a real success schema', () => {
    const ids = routes.map((r) => opOf(r).operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(opOf(routes.find((r) => r.method === 'post' && r.path === '/admin/care/drafts/:id/send')!).operationId).toBe('postAdminCareDraftsByIdSend');
    const withoutSchema = routes.filter((r) => r.status !== 204 && !r.response).map((r) => `${r.method} ${r.path}`);
    expect(withoutSchema).toEqual([]);
    for (const r of routes) {
      const success = opOf(r).responses[String(r.status ?? 200)];
      if (r.status === 204) continue;
      for (const media of Object.values(success.content ?? {})) expect(JSON.stringify(media)).not.toBe('{"schema":{}}');
    }
  });

  it('declares the statuses the mount answers: 400 for input, 401/403 for auth, 413/415 for a body, 503 while shutting down', () => {
    for (const r of routes) {
      const declared = Object.keys(opOf(r).responses);
      expect({ route: `${r.method} ${r.path}`, declared }).toEqual({ route: `${r.method} ${r.path}`, declared: [...statusesOf(r).map(String), 'default'] });
      if (r.body) expect(declared).toEqual(expect.arrayContaining(['413', '415']));
      expect(declared).toContain('503');
    }
    const login = doc.paths['/mp/login'].post.responses;
    expect(Object.keys(login)).toEqual(expect.arrayContaining(['401', '403', '429']));
    expect(login['429'].headers).toHaveProperty('Retry-After');
    expect(Object.keys(doc.paths['/mp/me/binding-code'].post.responses)).toContain('429');
  });

  it('declares the real content types: an image for a complaint photo, text/csv for the import, a JSON download for the export', () => {
    expect(Object.keys(doc.paths['/admin/complaints/{ticketNo}/photos/{photoId}'].get.responses['200'].content!)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    const importOp = doc.paths['/admin/purchases/import'].post as unknown as { requestBody: { required: boolean; content: Record<string, unknown> } };
    expect(Object.keys(importOp.requestBody.content)).toEqual(['text/csv']);
    expect(importOp.requestBody.required).toBe(true);
    const exportOk = doc.paths['/mp/me/export'].get.responses['200'];
    expect(Object.keys(exportOk.content!)).toEqual(['application/json']);
    expect(exportOk.headers).toHaveProperty('Content-Disposition');
  });

  it('answers every route with a declared status and a body its declared schema accepts (success and main errors)', async () => {
    const succeeded = new Set<string>();
    const problems: string[] = [];
    const key = (r: RouteDef) => `${r.method} ${r.path}`;
    const routeOf = (method: string, path: string) => {
      const r = routes.find((x) => x.method === method && new RegExp(`^${x.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path));
      if (!r) throw new Error(`no route ${method} ${path}`);
      return r;
    };
    const check = (r: RouteDef, res: Response) => {
      const where = `${key(r)} → ${res.status}`;
      if (process.env.DEBUG_CONTRACT) console.log(where, JSON.stringify(res.body).slice(0, 300));
      if (!statusesOf(r).includes(res.status)) problems.push(`${where}: status not declared`);
      if (res.status >= 400) {
        if (!errorBodySchema.safeParse(res.body).success) problems.push(`${where}: not the error format`);
        return;
      }
      succeeded.add(key(r));
      if (r.status === 204) return;
      if (r.responseContentTypes) {
        if (!r.responseContentTypes.includes(String(res.headers['content-type']).split(';')[0])) problems.push(`${where}: content type ${res.headers['content-type']}`);
        return;
      }
      if (!String(res.headers['content-type']).startsWith('application/json')) problems.push(`${where}: content type ${res.headers['content-type']}`);
      const parsed = r.response!.safeParse(res.body);
      if (!parsed.success) problems.push(`${where}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
    };
    const call = async (
      method: string,
      path: string,
      opts: { query?: Record<string, string>; body?: unknown; csv?: string; as?: keyof Callers | 'none'; session?: { cookie: string; csrf: string } } = {},
    ) => {
      const r = routeOf(method, path);
      let req = h.http[r.method](path);
      const token = opts.as === 'none' || opts.session ? undefined : opts.as ? c[opts.as] : tokenFor(r, c);
      if (token) req = req.set('authorization', `Bearer ${token}`);
      // The console's session cookie instead of a token, with its CSRF token on changes.
      if (opts.session) req = req.set('cookie', opts.session.cookie).set('x-csrf-token', opts.session.csrf);
      if (opts.query) req = req.query(opts.query);
      const res = opts.csv !== undefined ? await req.set('content-type', 'text/csv').send(opts.csv) : r.body ? await req.send((opts.body ?? {}) as object) : await req;
      check(r, res);
      return res;
    };

    // Whatever the route: unauthenticated, then with a bad id or an empty body — the main errors.
    for (const r of routes) {
      if (r.auth.kind !== 'none') await call(r.method, fillPath(r.path), { as: 'none' });
      await call(r.method, fillPath(r.path, { id: '0x10', photoId: '0x10', compensationId: '0x10', ticketNo: 'T20991231-9999' }));
    }
    // That walk logged the member out and erased them: a fresh session for what follows.
    c.member = await mpLogin(h, 'contract-member');
    // Roles: an assistant on a manager route, a manager on an admin route.
    await call('get', '/admin/reports/complaints', { as: 'assistant' });
    await call('post', '/admin/staff', { as: 'manager', body: { name: '新人', role: 'assistant' } });

    // Valid calls, in an order that makes the data the later ones need.
    const staffId = (contact: string) => h.laoke.services.staff.repo.findOneByOrFail({ wechatContactId: contact }).then((s) => s.id);
    const lili = await staffId('staff-lili');
    const zhangmin = await staffId('staff-zhangmin');
    await call('get', '/healthz');
    await call('get', '/admin/chat/status');
    await call('get', '/admin/me');
    await call('get', '/admin/staff', { query: { active: 'true' } });
    const created = await call('post', '/admin/staff', { body: { name: '新同事', role: 'assistant', wechatContactId: 'staff-new' } });
    const newStaff = created.body.staff.id as number;
    await call('patch', `/admin/staff/${newStaff}`, { body: { name: '新同事二' } });
    await call('post', `/admin/staff/${newStaff}/tokens`, { body: { label: 'second', ttlDays: 30 } });
    await call('delete', `/admin/staff/${newStaff}/tokens`);
    await call('get', '/admin/members', { query: { name: '陈' } });
    await call('get', '/admin/members/1');
    await call('post', '/admin/members/1/tags', { body: { tags: ['vip', '老客'] } });
    await call('delete', '/admin/members/1/tags/vip');
    await call('post', '/admin/members/1/notes', { body: { text: '喜欢羊毛大衣' } });
    await call('get', '/admin/members/1/notes');
    await call('post', '/admin/members/1/reassign', { body: { assistantId: lili } });
    await call('post', '/admin/members/2/reassign', { body: { assistantId: zhangmin } });
    const spare = await h.laoke.services.members.create({ name: '重复的档案', source: 'staff' });
    await call('post', '/admin/members/1/merge', { body: { fromMemberId: spare.id } });
    await call('post', '/admin/purchases', { body: { memberId: 1, purchasedAt: '2026-11-20T14:32:00+08:00', items: '羊毛大衣', amount: 1299 } });
    await call('post', '/admin/purchases/import', { csv: 'time,member,items,category,quantity,amount,store,assistant\n2026-11-20 14:32,M000001,围巾,配饰,1,199,南京路店,李丽\n' });
    await call('get', '/admin/audit', { query: { memberId: '1' } });
    await call('post', '/admin/members/1/points/adjustments', { body: { points: 500, reason: '开业回馈' } });
    await call('post', '/admin/members/1/points/redemptions', { body: { points: 100, note: '保温杯' } });
    await call('get', '/admin/members/1/points');
    await call('post', '/dev/jobs/loyalty-rfm/run');
    await call('get', '/admin/members/1/segment');

    const filed = await call('post', '/admin/complaints', { body: { memberId: 1, description: '大衣起球了', category: 'quality' } });
    const ticket = filed.body.ticketNo as string;
    await call('get', '/admin/complaints', { query: { overdue: 'false' } });
    await call('get', '/admin/complaints/saved-replies');
    await call('get', `/admin/complaints/${ticket}`);
    await call('post', `/admin/complaints/${ticket}/acknowledge`);
    await call('post', `/admin/complaints/${ticket}/replies`, { body: { text: '我们马上处理' } });
    await call('put', `/admin/complaints/${ticket}/root-cause`, { body: { rootCause: '面料' } });
    const pending = await call('post', `/admin/complaints/${ticket}/compensations`, { as: 'assistant', body: { refundYuan: 100, note: '退一部分' } });
    await call('post', `/admin/complaints/${ticket}/compensations/${pending.body.id}/decision`, { body: { approve: true } });
    await call('post', `/admin/complaints/${ticket}/compensations`, { body: { couponYuan: 20, note: '补一张券' } });
    await call('post', `/admin/complaints/${ticket}/assign`, { body: { staffId: zhangmin } });
    await call('post', `/admin/complaints/${ticket}/resolve`, { as: 'assistant', body: { resolution: '已换新' } });

    await call('post', '/mp/login', { body: { code: 'dev:contract-check' } });
    await call('get', '/mp/me');
    await call('patch', '/mp/me', { body: { nickname: '小程序用户' } });
    await call('get', '/mp/me/export');
    await call('post', '/mp/me/binding-code');
    await call('get', '/mp/me/purchases', { query: { page: '1' } });
    await call('get', '/mp/me/points');
    const mpFiled = await call('post', '/mp/me/complaints', { body: { description: '扣子掉了', photos: [{ name: 'a.png', mediaType: 'image/png', base64: PNG }] } });
    await call('get', '/mp/me/complaints');
    const mpTicket = (await call('get', `/admin/complaints/${mpFiled.body.ticketNo}`)).body as { photos: { url: string }[] };
    await call('get', mpTicket.photos[0].url);
    await call('get', '/mp/me/survey');
    await call('post', '/mp/me/survey', { body: { answers: { quality: 5 } } });

    await call('get', '/admin/care/calendar', { query: { from: '2026-11-22', days: '60' } });
    await call('post', '/admin/care/plan', { body: { date: '2027-03-12' } });
    const drafts = await call('get', '/admin/care/drafts', { query: { date: '2027-03-12', status: 'all' } });
    const ids = (drafts.body.drafts as { id: number }[]).map((d) => d.id);
    if (ids[0]) await call('put', `/admin/care/drafts/${ids[0]}`, { body: { text: '刘先生，生日快乐！' } });
    await call('post', '/admin/care/drafts/send-all');
    await call('get', '/admin/outbox/check');
    await call('get', '/admin/reports/care', { query: { month: '2026-11' } });
    await call('get', '/admin/reports/complaints', { query: { from: '2026-11-01', to: '2026-11-30' } });
    await call('get', '/admin/reports/satisfaction', { query: { quarter: '2026Q4' } });
    await call('get', '/admin/reports/complaints.csv', { query: { from: '2026-11-01', to: '2026-11-30' } });
    await call('get', '/admin/reports/care.csv', { query: { month: '2026-11' } });
    await call('get', '/admin/reports/satisfaction.csv', { query: { quarter: '2026Q4' } });
    await call('get', '/admin/dashboard/summary', { query: { days: '30' } });

    // The staff console: a code from chat (登录) buys a session cookie, which then reads and ends the session.
    const code = /登录码：(\d{6})/.exec((await h.say(DEMO.manager, '登录'))[0])![1];
    const signedIn = await call('post', '/admin/session', { body: { code } });
    const cookie = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).find((x) => x.startsWith('laoke_session='))!.split(';')[0];
    const session = { cookie, csrf: signedIn.body.csrfToken as string };
    await call('get', '/admin/session', { session });
    await call('post', '/admin/members/1/notes', { session, body: { text: '控制台里写的备注' } });
    await call('delete', '/admin/session', { session });

    await call('post', '/dev/chat/messages', { body: { from: DEMO.chen, text: '积分' } });
    await call('post', '/dev/chat/friend-requests', { body: { from: { id: 'wx-new-friend', name: '新朋友' }, hello: '你好' } });
    await call('get', '/dev/chat/transcript', { query: { contact: DEMO.chen.id } });
    await call('get', '/dev/chat/staff');
    await call('post', `/dev/chat/contacts/${DEMO.zhao.id}/send-fault`, { body: { fault: 'fail_after_delivery' } });
    await call('get', '/dev/clock');
    await call('post', '/dev/clock', { body: { now: '2026-11-22T10:30:00+08:00', freeze: true } });
    await call('get', '/dev/jobs');
    await call('post', '/dev/jobs/outbox-dispatch/run');
    await call('post', `/admin/staff/${zhangmin}/handover`, { body: { successorId: lili } });
    await call('post', '/mp/logout', { as: 'assistant' });
    await call('post', '/mp/logout', { as: 'member', body: { all: true } });
    c.member = await mpLogin(h, 'contract-member');
    await call('delete', '/mp/me');

    // The login QR code exists only while the account waits for a scan.
    h.world.autoLogin = false;
    await call('post', '/dev/chat/account', { body: { action: 'logout' } });
    await waitFor(() => h.laoke.channel.state() === 'waiting_login', 5000);
    await call('get', '/admin/chat/qrcode');

    expect(problems).toEqual([]);
    // Routes whose success needs state a test elsewhere builds (a sent survey, an interrupted send, a draft of today).
    const errorOnly = ['get /mp/me/survey', 'post /mp/me/survey', 'post /admin/outbox/:id/resolve', 'post /admin/care/drafts/:id/send', 'post /admin/care/drafts/:id/skip'];
    const missing = routes.map(key).filter((k) => !succeeded.has(k) && !errorOnly.includes(k));
    expect(missing).toEqual([]);
  });
});
