/**
 * Forge steps return `Counted<T>`: the value and the forge API requests it cost (so the integration's request count
 * survives a worker change). The workflow wraps those steps once, here, so its body calls them like any other step
 * and the count is kept on the side. Pure: the wrapper only unwraps and adds.
 */
import type { Counted } from '../shared/types';

type CountedStep = (...args: never[]) => Promise<Counted<unknown>>;
type Unwrapped<F> = F extends (...args: infer A) => Promise<Counted<infer T>> ? (...args: A) => Promise<T> : never;

export function countedSteps<S extends Record<string, CountedStep>>(
  steps: S,
  add: (requests: number) => void,
): { [K in keyof S]: Unwrapped<S[K]> } {
  const wrapped: Partial<Record<keyof S, unknown>> = {};
  for (const key of Object.keys(steps) as (keyof S)[]) {
    const step = steps[key]!;
    wrapped[key] = async (...args: never[]) => {
      const r = await step(...args);
      add(r.forgeRequests);
      return r.value;
    };
  }
  return wrapped as { [K in keyof S]: Unwrapped<S[K]> };
}
