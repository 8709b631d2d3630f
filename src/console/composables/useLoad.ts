import { ref, shallowRef, watch, type WatchSource } from 'vue';
import { ApiError } from '../api/client';
import { apiEvents } from '../api/api-events';

/**
 * Loads a page's data and reloads it when its inputs change: `data`, `loading` and a Chinese `error`.
 * A 403 shows the 403 page instead of the page (the API decides who sees what), unless `part` says the
 * data is only a part of the page; a 401 sends the person to sign in (api/client.ts).
 */
export function useLoad<T>(load: () => Promise<T>, sources: WatchSource[] = [], opts: { part?: boolean } = {}) {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let run = 0;
  async function reload(): Promise<void> {
    const mine = ++run;
    loading.value = true;
    error.value = null;
    try {
      const value = await load();
      if (mine === run) data.value = value;
    } catch (err) {
      if (mine === run) error.value = describeError(err);
      if (err instanceof ApiError && err.status === 403 && !opts.part) apiEvents.forbidden(err.message);
    } finally {
      if (mine === run) loading.value = false;
    }
  }
  watch(sources, () => void reload(), { immediate: true });
  return { data, loading, error, reload };
}

const BY_STATUS: Record<number, string> = {
  401: '登录已过期，请重新登录',
  403: '没有权限做这件事',
  404: '没有找到',
  409: '状态已经变了，刷新后再试',
  413: '文件太大（最多 1 MB）',
  415: '文件格式不对',
  429: '操作太频繁，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
};

/** A sentence for the person in front of the screen; the server's own words when it gave Chinese ones. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const chinese = [err.message, ...err.details.map((d) => d.message)].find((m) => /[\u4e00-\u9fff]/.test(m));
    return chinese ?? BY_STATUS[err.status] ?? `出错了（${err.code}）`;
  }
  return '网络连接出错，请稍后再试';
}

/**
 * One action a person starts (a dialog's submit): `busy` while it runs, the Chinese `error` when it fails.
 * `run` answers whether the action went through.
 */
export function useAction(explain: (err: unknown) => string = describeError) {
  const busy = ref(false);
  const error = ref<string | null>(null);
  async function run(action: () => Promise<void>): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      await action();
      return true;
    } catch (err) {
      error.value = explain(err);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
