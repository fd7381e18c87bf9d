import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Temporal workers load a native module and spawn servers: separate processes keep them apart.
    pool: 'forks',
    // Two files at a time, even on two cores: most suites wait on servers, git and browsers rather than compute, and
    // one at a time (vitest's default there) made the CI's test phase about 15 minutes.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
