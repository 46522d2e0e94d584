import { selectBackend, type BackendInfo } from '@interp/backend';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** The backend that runs, with the warning shown when it is not the fast one. */
export interface LabBackend {
  info: BackendInfo;
  /** Whether the page is cross-origin isolated (threaded wasm needs it). */
  isolated: boolean;
  warning?: string;
}

/**
 * Starts tfjs on the wasm backend with the `.wasm` files the app bundles and serves itself (Vite
 * hashes and copies them next to the page; nothing is fetched from elsewhere). Threaded wasm runs
 * where the page is cross-origin isolated; else SIMD on one thread. Falls back to the cpu backend
 * only with a warning the page shows.
 *
 * @example
 * ```ts
 * const { info } = await initBackend();
 * console.log(info.description); // "wasm (SIMD, 1 thread), tfjs 4.22.0"
 * ```
 */
export async function initBackend(): Promise<LabBackend> {
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  let warning: string | undefined;
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  const info = await selectBackend({
    backend: 'auto',
    wasmPaths: {
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
    },
    ...(isolated ? { threads: Math.max(1, Math.min(4, cores)) } : {}),
    onWarning: (message) => {
      warning = message;
    },
  });
  return { info, isolated, ...(warning ? { warning } : {}) };
}
