import { computed, type Ref } from 'vue';
import { api, ok } from '../api/client';
import type { CareDraft } from '../api/types';
import { useLoad } from './useLoad';

/** The morning list of a day (today by default): drafts grouped by assistant. */
export function useDrafts(date: Ref<string>, all: Ref<boolean>) {
  const load = useLoad(
    () => ok(api.GET('/admin/care/drafts', { params: { query: { ...(date.value ? { date: date.value } : {}), ...(all.value ? { status: 'all' as const } : {}) } } })),
    [date, all],
  );
  const byAssistant = computed(() => {
    const groups = new Map<number | null, CareDraft[]>();
    for (const d of load.data.value?.drafts ?? []) groups.set(d.assistantId, [...(groups.get(d.assistantId) ?? []), d]);
    return [...groups.entries()].map(([assistantId, drafts]) => ({ assistantId, drafts }));
  });
  return { ...load, byAssistant };
}

export const draftPath = (d: CareDraft) => ({ path: { id: String(d.id) } });

export async function sendDraft(d: CareDraft) {
  return ok(api.POST('/admin/care/drafts/{id}/send', { params: draftPath(d) }));
}
export async function skipDraft(d: CareDraft) {
  return ok(api.POST('/admin/care/drafts/{id}/skip', { params: draftPath(d) }));
}
export async function rewriteDraft(d: CareDraft, text: string) {
  return ok(api.PUT('/admin/care/drafts/{id}', { params: draftPath(d), body: { text } }));
}
export async function sendAllDrafts() {
  return ok(api.POST('/admin/care/drafts/send-all'));
}
