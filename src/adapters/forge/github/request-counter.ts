/**
 * Counts forge API requests per activity call. Activities of many integrations share one forge client, so the
 * count lives in an AsyncLocalStorage scope opened by the activity, not in a global counter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ count: number; calls: string[] }>();

export function recordRequest(call: string): void {
  const s = scope.getStore();
  if (s) {
    s.count++;
    s.calls.push(call);
  }
}

export async function countRequests<T>(fn: () => Promise<T>): Promise<{ result: T; requests: number; calls: string[] }> {
  const store = { count: 0, calls: [] as string[] };
  const result = await scope.run(store, fn);
  return { result, requests: store.count, calls: store.calls };
}
