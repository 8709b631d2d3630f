import { computed } from 'vue';
import { api, ok } from '../api/client';
import { useLoad } from './useLoad';

/** The store's staff (managers and admins may list them): names for pickers and the hand-over. */
export function useStaffList() {
  const load = useLoad(async () => (await ok(api.GET('/admin/staff', {}))).items);
  const assistants = computed(() => (load.data.value ?? []).filter((s) => s.role === 'assistant' && s.active));
  const active = computed(() => (load.data.value ?? []).filter((s) => s.active));
  return { ...load, assistants, active };
}
