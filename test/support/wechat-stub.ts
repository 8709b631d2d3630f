import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that answers like WeChat's `/sns/jscode2session`, so login is tested over real
 * HTTP without the internet. Codes choose the behaviour:
 *   ok-<openid>            success
 *   union-<openid>-<uid>   success with a unionid
 *   bad-…                  40029 invalid code
 *   used-…                 40163 code already used
 *   busy-…                 45011 rate limit
 *   risky-…                40226 high-risk user
 *   syserr-…               -1 system busy
 *   slow-…                 never answers (timeout)
 *   garbage-…              an HTML page, not JSON
 *   shape-…                JSON without openid or errcode
 *   http500-…              status 500 with text
 */
export interface WechatStub {
  baseUrl: string;
  appid: string;
  secret: string;
  /** Every js_code the stub was asked about, in order. */
  codes: string[];
  close(): Promise<void>;
}

export async function startWechatStub(opts: { appid?: string; secret?: string } = {}): Promise<WechatStub> {
  const appid = opts.appid ?? 'wxstub0000000001';
  const secret = opts.secret ?? 'stub-secret-do-not-log-0123456789';
  const codes: string[] = [];
  const hanging = new Set<ServerResponse>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    if (url.pathname !== '/sns/jscode2session') return json(res, 404, { errcode: 404, errmsg: 'not found' });
    if (url.searchParams.get('grant_type') !== 'authorization_code') return json(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
    if (url.searchParams.get('appid') !== appid) return json(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
    if (url.searchParams.get('secret') !== secret) return json(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
    const code = url.searchParams.get('js_code') ?? '';
    codes.push(code);
    const [kind, a, b] = code.split('-');
    switch (kind) {
      case 'ok':
        return json(res, 200, { openid: `o_${a}`, session_key: 'c2Vzc2lvbmtleQ==' });
      case 'union':
        return json(res, 200, { openid: `o_${a}`, unionid: `u_${b}`, session_key: 'c2Vzc2lvbmtleQ==' });
      case 'bad':
        return json(res, 200, { errcode: 40029, errmsg: 'invalid code, rid: stub' });
      case 'used':
        return json(res, 200, { errcode: 40163, errmsg: 'code been used, rid: stub' });
      case 'busy':
        return json(res, 200, { errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute' });
      case 'risky':
        return json(res, 200, { errcode: 40226, errmsg: 'high risk user' });
      case 'syserr':
        return json(res, 200, { errcode: -1, errmsg: 'system error' });
      case 'slow':
        hanging.add(res);
        return undefined;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>502 Bad Gateway</body></html>');
      case 'shape':
        return json(res, 200, { hello: 'world' });
      case 'http500':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('internal error');
      default:
        return json(res, 200, { errcode: 40029, errmsg: 'invalid code' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appid,
    secret,
    codes,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
