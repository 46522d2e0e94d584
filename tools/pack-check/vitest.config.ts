import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.test.mjs'], environment: 'node', testTimeout: 600_000, hookTimeout: 300_000 } });
