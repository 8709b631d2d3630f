import { computed, type Ref } from 'vue';
import { api, ok } from '../api/client';
import type { ComplaintSummary } from '../api/types';
import { useLoad } from './useLoad';

export const BOARD_COLUMNS = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** What a staff member can do with an open ticket (besides acknowledging it). */
export type TicketAction = 'reply' | 'compensation' | 'resolve' | 'assign' | 'rootCause';

export interface BoardFilters {
  category: string;
  assistantId: string;
  overdue: boolean;
}

const isOverdue = (c: ComplaintSummary) => c.overdue.acknowledge || c.overdue.answer;

/** The complaint board: tickets by status, overdue ones first, then the oldest. */
export function useComplaintBoard(filters: Ref<BoardFilters>) {
  const load = useLoad(async () => {
    const f = filters.value;
    const query = {
      limit: '200',
      ...(f.category ? { category: f.category as ComplaintSummary['category'] } : {}),
      ...(f.assistantId ? { assistantId: f.assistantId } : {}),
      ...(f.overdue ? { overdue: 'true' as const } : {}),
    };
    return ok(api.GET('/admin/complaints', { params: { query } }));
  }, [filters]);
  const columns = computed(() => {
    const by: Record<BoardColumn, ComplaintSummary[]> = { open: [], in_progress: [], resolved: [], closed: [] };
    for (const c of load.data.value?.items ?? []) by[c.status].push(c);
    for (const key of BOARD_COLUMNS) {
      by[key].sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)) || (key === 'closed' || key === 'resolved' ? b.createdAt.localeCompare(a.createdAt) : a.createdAt.localeCompare(b.createdAt)));
    }
    return by;
  });
  return { ...load, columns };
}

/** One ticket with its timeline, photos and compensations. */
export function useComplaint(ticketNo: () => string) {
  return useLoad(() => ok(api.GET('/admin/complaints/{ticketNo}', { params: { path: { ticketNo: ticketNo() } } })), [ticketNo]);
}
