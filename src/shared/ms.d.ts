/**
 * `ms` (the duration parser the Temporal SDK uses) ships its types, but its package.json `exports` does not point at
 * them, so TypeScript's node16 resolution cannot find them. The one call shared/duration.ts makes, typed here.
 */
declare module 'ms' {
  /** Milliseconds in a duration such as "7 days" or "90m"; NaN when it is not one; throws on an empty string. */
  function ms(value: string): number;
  export default ms;
}
