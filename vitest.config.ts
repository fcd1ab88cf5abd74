import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'toolchain/**/*.test.ts', 'properties/**/*.test.ts', 'contract/**/*.test.ts', 'mocks/**/*.test.ts'],
    // A guard against hangs only: tests around builds, fuzz budgets, property runs and node
    // start-up set no timeout at all (0), so a busy machine never turns them red.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
