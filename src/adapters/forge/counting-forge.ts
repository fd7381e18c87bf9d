/**
 * Counts what an activity asks of the forge, whichever forge it is: a decorator records each forge method called
 * through it, and the adapter reports each request it sends to its code host (the GitHub client, one per REST
 * request, retries included; the local forge sends none). Activities of many integrations share one forge, so the
 * count lives in an AsyncLocalStorage scope opened per activity call (`measureForgeUse`), not on the forge.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Forge } from './forge';

/** What the forge did within one scope. */
export interface ForgeUse {
  /** Forge methods called through a counting forge, in order ("ensureFork"). */
  calls: string[];
  /** Requests the adapter sent, in order ("GET /repos/{owner}/{repo}"); their number is the integration's `forgeRequests`. */
  requests: string[];
}

const scope = new AsyncLocalStorage<ForgeUse>();

/** For adapters: one request sent to the code host, counted against the scope it was made in (if any). */
export function recordForgeRequest(request: string): void {
  scope.getStore()?.requests.push(request);
}

/** Runs `fn` in a fresh scope and returns what it asked of the forge (calls from a nested scope count there only). */
export async function measureForgeUse<T>(fn: () => Promise<T>): Promise<{ result: T; use: ForgeUse }> {
  const use: ForgeUse = { calls: [], requests: [] };
  const result = await scope.run(use, fn);
  return { result, use };
}

/**
 * Wraps any forge so each method call is recorded in the current scope. Everything else passes through unchanged:
 * properties (`kind`), optional methods a forge lacks (still `undefined`, so `if (forge.botIdentity)` works),
 * `instanceof`, and `this` in its methods and getters (the wrapped forge, whose private fields are there).
 */
export function countingForge<F extends Forge>(forge: F): F {
  // Wrapping twice would record every call twice.
  if (counting.has(forge)) return forge;
  const wrapped = new Proxy(forge, {
    get(target, property) {
      // Getters and methods run on the forge itself, not the proxy: its private fields are only there.
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        scope.getStore()?.calls.push(property);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  counting.add(wrapped);
  return wrapped;
}

const counting = new WeakSet<Forge>();
