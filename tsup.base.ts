import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every package builds with: ESM + CJS + `.d.ts`,
 * sourcemaps, and every dependency (tfjs above all: bundling it breaks the
 * wasm backend) kept external.
 */
export function createTsupConfig(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
    shims: true,
    external: [/^@tensorflow\//, /^@interp\//],
    ...overrides,
  });
}
