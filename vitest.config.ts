import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'toolchain/**/*.test.ts', 'properties/**/*.test.ts', 'contract/**/*.test.ts', 'mocks/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
