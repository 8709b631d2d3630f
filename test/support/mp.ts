import type { Harness } from './harness';

let clientSeq = 0;

/**
 * Logs a mini-program user in with a dev code and returns the session token. Each call comes from its
 * own client address, so tests that log in often stay clear of the per-client login limit.
 */
export async function mpLogin(h: Harness, openid: string): Promise<string> {
  const n = ++clientSeq;
  const res = await h.http.post('/mp/login').set('X-Forwarded-For', `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`).send({ code: `dev:${openid}` });
  if (res.status !== 200) throw new Error(`mini-program login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
