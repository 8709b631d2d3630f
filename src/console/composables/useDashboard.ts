import type { Ref } from 'vue';
import { api, ok } from '../api/client';
import { useLoad } from './useLoad';

/** Today's work and, for a manager, the store's charts over the last `days` days. */
export function useDashboard(days: Ref<number>) {
  return useLoad(() => ok(api.GET('/admin/dashboard/summary', { params: { query: { days: String(days.value) } } })), [days]);
}
