/** The demo store the browser tests work in, and the chat simulator they use to reach it. */
import type { APIRequestContext } from '@playwright/test';

/** Store time of the run: the Mid-Autumn festival of 2027, when the planner writes festival greetings. */
export const STORE_NOW = '2027-09-15T09:30:00+08:00';

export const STAFF = {
  manager: { id: 'staff-wang', name: '王店长' },
  lili: { id: 'staff-lili', name: '李丽' },
  zhangmin: { id: 'staff-zhangmin', name: '张敏' },
} as const;

export const MEMBERS = {
  chen: { id: 'wx-chen', name: '陈姐' },
  liu: { id: 'wx-liu', name: '老刘' },
  zhao: { id: 'wx-zhao', name: '赵阿姨' },
} as const;

/** Sends a chat message to the store account as a WeChat contact; answers the bot's replies. */
export async function say(request: APIRequestContext, from: { id: string; name: string }, message: { text: string } | { attachment: 'image' }): Promise<string[]> {
  const res = await request.post('/dev/chat/messages', { data: { from, ...message } });
  if (!res.ok()) throw new Error(`chat simulator answered ${res.status()}: ${await res.text()}`);
  return ((await res.json()) as { replies: string[] }).replies;
}

/** A member files a complaint in chat (with one photo); answers its ticket number. */
export async function fileComplaint(request: APIRequestContext, member: { id: string; name: string }, what: string): Promise<string> {
  await say(request, member, { text: '投诉' });
  await say(request, member, { text: what });
  await say(request, member, { text: '好了' });
  await say(request, member, { text: '1' });
  await say(request, member, { attachment: 'image' });
  await say(request, member, { text: '没有' });
  const replies = (await say(request, member, { text: '好了' })).join('\n');
  const ticket = /T\d{8}-\d{4}/.exec(replies)?.[0];
  if (!ticket) throw new Error(`no ticket number in: ${replies}`);
  return ticket;
}

/** The sign-in link the bot sends a staff member who writes 登录 (path and query only). */
export async function signInLink(request: APIRequestContext, staff: { id: string; name: string }): Promise<string> {
  const replies = (await say(request, staff, { text: '登录' })).join('\n');
  // The bot answers with the code and a link carrying it: …/console/login?code=123456.
  const code = /\/console\/login\?code=(\d{6})/.exec(replies)?.[1];
  if (!code) throw new Error(`no sign-in link in the bot's answer to 登录: ${replies}`);
  return `/console/login?code=${code}`;
}

/**
 * A console session for the request context (its cookie stays there) from the code the bot sends on
 * 登录; answers the CSRF header its changes must carry.
 */
export async function staffSession(request: APIRequestContext, staff: { id: string; name: string }): Promise<Record<string, string>> {
  const code = new URL(await signInLink(request, staff), 'http://x').searchParams.get('code');
  const res = await request.post('/admin/session', { data: { code } });
  if (!res.ok()) throw new Error(`sign-in answered ${res.status()}: ${await res.text()}`);
  return { 'X-CSRF-Token': ((await res.json()) as { csrfToken: string }).csrfToken };
}
