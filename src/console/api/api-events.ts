import { ref } from 'vue';

/**
 * What the API client tells the rest of the console: the CSRF token to send, and answers that change
 * the whole screen (signed out → the sign-in page; a 403 on a read → the 403 page).
 */
const csrf = ref<string | null>(null);
export const forbiddenPath = ref<string | null>(null);
export const signedOutAt = ref(0);

export const apiEvents = {
  csrfToken: (): string | null => csrf.value,
  setCsrfToken(token: string | null): void {
    csrf.value = token;
  },
  forbidden(path: string): void {
    forbiddenPath.value = path;
  },
  signedOut(): void {
    signedOutAt.value = Date.now();
  },
};
