import { onBeforeUnmount, ref } from 'vue';

/** True on a narrow screen (a phone held upright): pages show cards instead of wide tables. */
export function useIsPhone(maxWidth = 768) {
  const query = window.matchMedia(`(max-width: ${maxWidth}px)`);
  const isPhone = ref(query.matches);
  const update = (e: MediaQueryListEvent) => (isPhone.value = e.matches);
  query.addEventListener('change', update);
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return isPhone;
}
