import { defineConfig } from 'vite';

// A static build: relative asset URLs (any static host, any sub-path), the worker as an ES module,
// and tfjs' .wasm files bundled as hashed assets (imported with `?url` in src/initBackend.ts).
export default defineConfig({
  base: './',
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 4000, sourcemap: false, assetsInlineLimit: 0, minify: false },
  worker: { format: 'es' },
  server: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
});
