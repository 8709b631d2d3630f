import type { Ref } from 'vue';
import { api, ok } from '../api/client';
import { useLoad } from './useLoad';

/** Report reads are parts of the reports page: a role that may not read one sees a note there, not a 403 page. */
export function useComplaintsReport(range: Ref<[string, string] | null>) {
  return useLoad(
    () => ok(api.GET('/admin/reports/complaints', { params: { query: range.value ? { from: range.value[0], to: range.value[1] } : {} } })),
    [range],
    { part: true },
  );
}

export function useCareReport(month: Ref<string>) {
  return useLoad(() => ok(api.GET('/admin/reports/care', { params: { query: month.value ? { month: month.value } : {} } })), [month], { part: true });
}

export function useSatisfactionReport(quarter: Ref<string>) {
  return useLoad(() => ok(api.GET('/admin/reports/satisfaction', { params: { query: quarter.value ? { quarter: quarter.value } : {} } })), [quarter], {
    part: true,
  });
}

export function useRetentionReport(range: Ref<[string, string] | null>, by: Ref<'week' | 'month'>) {
  return useLoad(
    () => ok(api.GET('/admin/reports/retention', { params: { query: { by: by.value, ...(range.value ? { from: range.value[0], to: range.value[1] } : {}) } } })),
    [range, by],
    { part: true },
  );
}

/** The CSV download of a report (UTF-8 with BOM, so Excel shows the Chinese right). */
export function csvLink(name: 'complaints' | 'care' | 'satisfaction' | 'retention', query: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  return `/admin/reports/${name}.csv${q.size ? `?${q}` : ''}`;
}
