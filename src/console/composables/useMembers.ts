import { computed } from 'vue';
import { useRoute } from 'vue-router';
import { api, ok } from '../api/client';
import { useLoad } from './useLoad';

export const MEMBER_FILTERS = ['name', 'phone', 'code', 'tag', 'tier', 'lifecycle', 'segment', 'assistantId', 'optedOut'] as const;
export type MemberFilters = Partial<Record<(typeof MEMBER_FILTERS)[number] | 'page', string>>;

/** The member search of the page's URL (?name=…&page=2), so a search can be shared and survives "back". */
export function useMemberSearch() {
  const route = useRoute();
  const query = computed<MemberFilters>(() => {
    const q: MemberFilters = {};
    for (const key of [...MEMBER_FILTERS, 'page'] as const) {
      const v = route.query[key];
      if (typeof v === 'string' && v.trim()) q[key] = v.trim();
    }
    return q;
  });
  const load = useLoad(
    () => ok(api.GET('/admin/members', { params: { query: { ...(query.value as Record<string, string>), pageSize: '20' } } })),
    [query],
  );
  return { query, ...load };
}

/** One member's record, as the staff API shows it to the caller. */
export function useMember(id: () => string) {
  return useLoad(() => ok(api.GET('/admin/members/{id}', { params: { path: { id: id() } } })), [id]);
}
