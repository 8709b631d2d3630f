import { computed, ref } from 'vue';
import { api, ok } from '../api/client';
import { apiEvents } from '../api/api-events';
import type { StaffSession } from '../api/contract';

const current = ref<StaffSession | null>(null);
let loading: Promise<StaffSession | null> | null = null;

function remember(s: StaffSession | null): StaffSession | null {
  current.value = s;
  apiEvents.setCsrfToken(s?.csrfToken ?? null);
  return s;
}

/** The signed-in staff member (cookie session), loaded once and shared by every page. */
export function loadSession(): Promise<StaffSession | null> {
  loading ??= api.GET('/admin/session').then(({ data, response }) => remember(response.ok && data ? data : null));
  return loading;
}

export async function signIn(credentials: { code: string } | { token: string }): Promise<StaffSession> {
  const s = await ok(api.POST('/admin/session', { body: credentials }));
  loading = Promise.resolve(remember(s));
  return s;
}

export async function signOut(): Promise<void> {
  await api.DELETE('/admin/session').catch(() => undefined);
  forgetSession();
}

/** Forgets the session without calling the server (it already answered 401). */
export function forgetSession(): void {
  remember(null);
  loading = null;
}

export function useSession() {
  const staff = computed(() => current.value?.staff ?? null);
  const role = computed(() => staff.value?.role ?? null);
  return {
    staff,
    role,
    isManager: computed(() => role.value === 'manager'),
    isAdmin: computed(() => role.value === 'admin'),
    /** Managers see the whole store; assistants their own members. */
    seesStore: computed(() => role.value === 'manager'),
  };
}
