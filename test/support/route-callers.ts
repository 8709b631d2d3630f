import type { RouteDef } from '../../src/http/route';
import type { Harness } from './harness';
import { mpLogin } from './mp';

export interface Callers {
  manager: string;
  admin: string;
  /** 李丽, an assistant of the demo store. */
  assistant: string;
  /** A mini-program member session. */
  member: string;
}

/** One token per kind of caller of the demo store, so any route of the table can be called. */
export async function callers(h: Harness): Promise<Callers> {
  const { staff } = h.laoke.services;
  const admin = await staff.create({ name: '管理员', role: 'admin', wechatContactId: null });
  const lili = await staff.repo.findOneByOrFail({ wechatContactId: 'staff-lili' });
  return {
    manager: h.managerToken!,
    admin: await staff.issueToken(admin.id, { label: 'test' }),
    assistant: await staff.issueToken(lili.id, { label: 'test' }),
    member: await mpLogin(h, 'route-caller'),
  };
}

/** The bearer token a route accepts: a manager where allowed, else an admin, else an assistant; a member session for /mp. */
export function tokenFor(route: RouteDef, c: Callers): string | undefined {
  if (route.auth.kind === 'none') return undefined;
  if (route.auth.kind === 'member') return c.member;
  const roles = route.auth.roles;
  if (!roles || roles.includes('manager')) return c.manager;
  return roles.includes('admin') ? c.admin : c.assistant;
}

/** A path of the table with its parameters filled in (`:id` → 1, `:ticketNo` → a well-formed number). */
export function fillPath(path: string, values: Record<string, string> = {}): string {
  const defaults: Record<string, string> = { ticketNo: 'T20261122-0001', tag: 'vip', name: 'outbox-dispatch' };
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? defaults[name] ?? '1'));
}
