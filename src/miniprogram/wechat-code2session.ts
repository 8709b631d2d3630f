import { z } from 'zod';
import { AppError, RateLimitedError, UnauthorizedError, UnavailableError, ForbiddenError } from '../shared/errors';
import type { Logger } from '../shared/logger';

/** Who a wx.login code belongs to. The session_key is deliberately not kept: laoke never decrypts user data with it. */
export interface MpWechatUser {
  openid: string;
  unionid: string | null;
}

/** Exchanges a wx.login code for the user's openid; pluggable so other transports (or fakes) can be used. */
export interface Code2SessionClient {
  exchange(code: string): Promise<MpWechatUser>;
}

const reply = z.looseObject({
  openid: z.string().min(1).max(128).optional(),
  unionid: z.string().min(1).max(128).optional(),
  session_key: z.string().optional(),
  errcode: z.coerce.number().int().optional(),
  errmsg: z.string().optional(),
});

/**
 * WeChat's errcodes mapped to what the mini-program can act on. 40029/40163: the code is bad or used,
 * call wx.login again; 45011: WeChat throttles us, retry later; 40226: WeChat flags the user as high-risk.
 */
export function code2SessionError(errcode: number): AppError {
  if (errcode === 40029 || errcode === 40163) return new UnauthorizedError('The login code is invalid or already used; call wx.login again');
  if (errcode === 45011) return new RateLimitedError('WeChat is limiting logins right now; try again in a minute', { wechatErrcode: errcode });
  if (errcode === 40226) return new ForbiddenError('WeChat refused this user (high-risk account)');
  return new UnavailableError(`WeChat login failed (errcode ${errcode}); try again later`);
}

/** The real jscode2session over HTTPS, with a timeout; every failure becomes an AppError, never a crash. */
export class HttpCode2SessionClient implements Code2SessionClient {
  constructor(
    private readonly opts: { baseUrl: string; appid: string; secret: string; timeoutMs: number; log: Logger },
  ) {}

  async exchange(code: string): Promise<MpWechatUser> {
    const url = new URL('/sns/jscode2session', this.opts.baseUrl);
    url.searchParams.set('appid', this.opts.appid);
    url.searchParams.set('secret', this.opts.secret);
    url.searchParams.set('js_code', code);
    url.searchParams.set('grant_type', 'authorization_code');
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs), headers: { accept: 'application/json' } });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      // Never log the URL: it carries the secret.
      this.opts.log.warn({ reason: timedOut ? 'timeout' : e.name }, 'code2Session request failed');
      throw new UnavailableError(timedOut ? 'WeChat did not answer in time; try again' : 'WeChat could not be reached; try again');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      this.opts.log.warn({ status }, 'code2Session answered something that is not JSON');
      throw new UnavailableError('WeChat answered with an unreadable reply; try again');
    }
    const parsed = reply.safeParse(body);
    if (!parsed.success) {
      this.opts.log.warn({ status }, 'code2Session answered an unexpected shape');
      throw new UnavailableError('WeChat answered with an unreadable reply; try again');
    }
    const r = parsed.data;
    if (r.errcode !== undefined && r.errcode !== 0) {
      this.opts.log.info({ errcode: r.errcode }, 'code2Session refused the code');
      throw code2SessionError(r.errcode);
    }
    if (status >= 400 || !r.openid) {
      this.opts.log.warn({ status }, 'code2Session answered without an openid');
      throw new UnavailableError('WeChat answered with an unreadable reply; try again');
    }
    return { openid: r.openid, unionid: r.unionid ?? null };
  }
}

export const DEV_CODE = /^dev:([A-Za-z0-9_-]{1,64})$/;

/** Dev mode (no appid): `dev:<openid>` stands for a wx.login code, so the API can be tried without WeChat. */
export class DevCode2SessionClient implements Code2SessionClient {
  async exchange(code: string): Promise<MpWechatUser> {
    const m = DEV_CODE.exec(code);
    if (!m) throw new UnauthorizedError('Dev mode (no WECHAT_MP_APPID): use a code of the form dev:<openid>');
    return { openid: `dev_${m[1]}`, unionid: null };
  }
}
