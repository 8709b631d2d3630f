import type { RouteDef } from '../../src/http/route';
import { startHarness, type Harness } from '../support/harness';
import { callers, fillPath, tokenFor, type Callers } from '../support/route-callers';

type Detail = { in: string; path: string };

/** Bad values a route must refuse with 400 naming the field, each as [method, path, where, field, query or body]. */
const CASES: [string, string, 'query' | 'body', string, Record<string, unknown>][] = [
  // Dates: real calendar days between 2000-01-01 and 2100-12-31.
  ['get', '/admin/care/calendar', 'query', 'from', { from: '2026-02-31' }],
  ['get', '/admin/care/calendar', 'query', 'from', { from: '0000-01-01' }],
  ['get', '/admin/care/calendar', 'query', 'from', { from: '9999-12-31' }],
  ['post', '/admin/care/plan', 'body', 'date', { date: '2026-02-31' }],
  ['post', '/admin/care/plan', 'body', 'date', { date: '0000-01-01' }],
  ['get', '/admin/care/drafts', 'query', 'date', { date: '2026-04-31' }],
  ['get', '/admin/reports/complaints', 'query', 'from', { from: '2026-02-30' }],
  ['get', '/admin/reports/complaints', 'query', 'to', { to: '9999-12-31' }],
  ['get', '/admin/reports/care', 'query', 'month', { month: '0000-01' }],
  ['get', '/admin/reports/satisfaction', 'query', 'quarter', { quarter: '9999Q1' }],
  ['get', '/admin/audit', 'query', 'from', { from: '2026-02-31T00:00:00Z' }],
  ['get', '/admin/audit', 'query', 'to', { to: '0000-01-01T00:00:00Z' }],
  ['post', '/admin/purchases', 'body', 'purchasedAt', { memberId: 1, purchasedAt: '0000-01-01T00:00:00Z', items: '大衣', amount: 1 }],
  ['post', '/admin/purchases', 'body', 'purchasedAt', { memberId: 1, purchasedAt: '2026-02-31T10:00:00+08:00', items: '大衣', amount: 1 }],
  ['post', '/dev/clock', 'body', 'now', { now: '9999-12-31T00:00:00Z' }],
  // Ids and whole numbers in queries: plain positive integers.
  ['get', '/admin/members', 'query', 'assistantId', { assistantId: '0x10' }],
  ['get', '/admin/members', 'query', 'page', { page: '1e1' }],
  ['get', '/admin/complaints', 'query', 'memberId', { memberId: '1.0' }],
  ['get', '/admin/complaints', 'query', 'limit', { limit: ' 10' }],
  ['get', '/admin/audit', 'query', 'memberId', { memberId: '0x10' }],
  ['get', '/admin/care/drafts', 'query', 'assistantId', { assistantId: '1e1' }],
  ['get', '/admin/care/calendar', 'query', 'days', { days: '0x10' }],
  ['get', '/mp/me/purchases', 'query', 'page', { page: '1.0' }],
  ['post', '/admin/members/1/reassign', 'body', 'assistantId', { assistantId: '2' }],
  // Text: no NUL or other control characters (line breaks only where text is multi-line).
  ['get', '/admin/members', 'query', 'name', { name: '\u0000' }],
  ['get', '/admin/audit', 'query', 'action', { action: 'member\u0000' }],
  ['get', '/dev/chat/transcript', 'query', 'contact', { contact: 'wx\u0000' }],
  ['post', '/admin/members/1/notes', 'body', 'text', { text: '记一笔\u0000' }],
  ['post', '/admin/members/1/tags', 'body', 'tags.0', { tags: ['vip\u001b'] }],
  ['post', '/admin/complaints', 'body', 'description', { memberId: 1, description: '质量问题\u0000', category: 'quality' }],
  ['post', '/admin/complaints/T20261122-0001/replies', 'body', 'text', { text: '您好\u0007' }],
  ['put', '/admin/complaints/T20261122-0001/root-cause', 'body', 'rootCause', { rootCause: '面料\n起球' }],
  ['put', '/admin/care/drafts/1', 'body', 'text', { text: '生日快乐\u0000' }],
  ['post', '/admin/purchases', 'body', 'items', { memberId: 1, purchasedAt: '2026-11-20T10:00:00+08:00', items: '大衣\u0000', amount: 1 }],
  ['post', '/admin/staff', 'body', 'name', { name: '新人\u0000', role: 'assistant' }],
  ['patch', '/mp/me', 'body', 'name', { name: '陈\u0000' }],
  ['post', '/mp/me/complaints', 'body', 'description', { description: '衣服坏了\u0000' }],
  ['post', '/mp/login', 'body', 'code', { code: 'dev:\u0000' }],
  ['post', '/dev/chat/messages', 'body', 'from.name', { from: { id: 'wx-ctl', name: '陈\u0000' }, text: '你好' }],
];

describe('every route refuses bad ids, dates and texts with 400 naming the field', () => {
  let h: Harness;
  let c: Callers;
  let routes: readonly RouteDef[];
  beforeAll(async () => {
    h = await startHarness();
    c = await callers(h);
    routes = h.laoke.routes;
  });
  afterAll(async () => {
    await h.close();
  });

  const routeOf = (method: string, path: string) => {
    const r = routes.find((x) => x.method === method && new RegExp(`^${x.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path));
    if (!r) throw new Error(`no route ${method} ${path}`);
    return r;
  };

  it.each(CASES)('%s %s refuses a bad %s.%s', async (method, path, where, field, input) => {
    const token = tokenFor(routeOf(method, path), c);
    let req = h.http[method as 'get'](path);
    if (token) req = req.set('authorization', `Bearer ${token}`);
    const res = where === 'query' ? await req.query(input as Record<string, string>) : await req.send(input);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(res.body.error.details as Detail[]).toEqual(expect.arrayContaining([expect.objectContaining({ in: where, path: field })]));
  });

  it('refuses a non-plain id in the path of every route that takes one', async () => {
    const idRoutes = routes.filter((r) => /:(id|photoId|compensationId)\b/.test(r.path));
    expect(idRoutes.length).toBeGreaterThanOrEqual(15);
    const seen: string[] = [];
    for (const r of idRoutes) {
      const names = [...r.path.matchAll(/:(id|photoId|compensationId)\b/g)].map((m) => m[1]);
      for (const name of names) {
        for (const bad of ['0x10', '1.0', ' 1', '1e1', '0', '-1', '99999999999']) {
          let req = h.http[r.method](fillPath(r.path, { [name]: bad }));
          const token = tokenFor(r, c);
          if (token) req = req.set('authorization', `Bearer ${token}`);
          const res = r.body ? await req.send({}) : await req;
          seen.push(`${r.method} ${r.path} ${name}=${JSON.stringify(bad)} → ${res.status}`);
          expect({ route: `${r.method} ${r.path}`, bad, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, bad, status: 400 });
          expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'path', path: name })]));
        }
      }
    }
    expect(seen.length).toBeGreaterThan(100);
  });

  it('builds every text of every request from a checked block (each string input has a pattern, a format or a fixed set)', async () => {
    type Node = Record<string, unknown>;
    const doc = (await h.http.get('/openapi.json')).body as { paths: Record<string, Record<string, Node>>; components: { schemas?: Record<string, Node> } };
    const loose: string[] = [];
    const walk = (node: unknown, where: string, seen: Set<unknown>): void => {
      if (!node || typeof node !== 'object' || seen.has(node)) return;
      seen.add(node);
      const n = node as Node;
      if (typeof n.$ref === 'string') return walk(doc.components.schemas?.[n.$ref.split('/').pop()!], where, seen);
      if (n.type === 'string' && !n.pattern && !n.format && !n.enum && n.const === undefined) loose.push(where);
      for (const [k, v] of Object.entries(n)) walk(v, `${where}.${k}`, seen);
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of (op.parameters as Node[] | undefined) ?? []) walk(p.schema, `${method} ${path} ${p.in}.${p.name}`, new Set());
        const content = (op.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)?.content ?? {};
        for (const [type, media] of Object.entries(content)) walk(media.schema, `${method} ${path} body(${type})`, new Set());
      }
    }
    expect(loose).toEqual([]);
  });

  it('no longer matches every member with a NUL in a name search', async () => {
    const res = await h.http.get('/admin/members').set('authorization', `Bearer ${c.manager}`).query({ name: '\u0000' });
    expect(res.status).toBe(400);
    const fine = await h.http.get('/admin/members').set('authorization', `Bearer ${c.manager}`).query({ name: '陈' });
    expect(fine.status).toBe(200);
  });

  it('keeps line breaks in multi-line text', async () => {
    const res = await h.http.post('/admin/members/1/notes').set('authorization', `Bearer ${c.manager}`).send({ text: '第一行\n\t第二行' });
    expect(res.status).toBe(201);
    expect(res.body.text).toBe('第一行\n\t第二行');
  });

  it('answers a body that does not decode per its Content-Encoding with 400, and an unknown encoding with 415, on every route with a body', async () => {
    const bodyRoutes = routes.filter((r) => r.body && !r.hidden);
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(25);
    for (const r of bodyRoutes) {
      const token = tokenFor(r, c);
      const type = r.bodyContentType ?? 'application/json';
      for (const [encoding, status] of [['gzip', 400], ['deflate', 400], ['br', 400], ['x-unknown', 415]] as const) {
        let req = h.http[r.method](fillPath(r.path)).set('content-type', type).set('content-encoding', encoding);
        if (token) req = req.set('authorization', `Bearer ${token}`);
        const res = await req.send('{"not":"compressed"}');
        expect({ route: `${r.method} ${r.path}`, encoding, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, encoding, status });
        expect(res.body.error.code).toBe(status === 400 ? 'validation_failed' : 'unsupported_media_type');
      }
    }
  });
});
