import { defineConfig } from 'vitest/config';

/** Shared vitest settings: node environment, colocated `src/**\/*.test.ts`. */
export const vitestBase = defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
