import { api, ok, type Body } from '../api/client';
import { useLoad } from './useLoad';

export type OutboxCheck = Body<'/admin/outbox/check', 'get'>['messages'][number];

/**
 * Messages whose send was interrupted or ended unclear: nobody knows whether the member got them, so
 * an assistant looks in WeChat and says. Assistants get their own members' rows, managers the store's.
 */
export function useOutboxChecks() {
  return useLoad(async () => (await ok(api.GET('/admin/outbox/check'))).messages, [], { part: true });
}

/** The member got it (`delivered`), or not: the row is closed either way and never sent again by itself. */
export async function resolveOutboxCheck(row: OutboxCheck, delivered: boolean) {
  return ok(api.POST('/admin/outbox/{id}/resolve', { params: { path: { id: String(row.id) } }, body: { delivered } }));
}
