export const logger = {
  debug: (...args: unknown[]) => console.debug('[bot]', ...args),
};
