import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, selectBackend, type BackendInfo } from '@interp/backend';
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
 * Which backend the page asks for: wasm (the default, the CLI's numbers; the threaded build where the page is
 * cross-origin isolated), `wasm-simd` (the one-thread SIMD build even where threads are possible, to compare) or
 * WebGPU (opt-in).
 */
export type LabBackendRequest = 'wasm' | 'wasm-simd' | 'webgpu';

/**
 * WebGPU through @tensorflow/tfjs-backend-webgpu, where the browser has `navigator.gpu`. Tested in headless Chromium on
 * SwiftShader's software Vulkan (lab.webgpu.e2e.test.ts); no hardware GPU on the test machine.
 */
async function tryWebgpu(): Promise<{ ok: true; info: BackendInfo } | { ok: false; reason: string }> {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (!nav?.gpu) return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu)' };
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return { ok: false, reason: 'the WebGPU backend failed to initialise' };
    await tf.ready();
    const base = describeBackend();
    return { ok: true, info: { ...base, description: `webgpu (numbers may differ from the CLI's in the last digits), tfjs ${tf.version_core}` } };
  } catch (error) {
    return { ok: false, reason: `the WebGPU backend failed: ${(error as Error).message}` };
  }
}

/**
 * Starts tfjs on the wasm backend (or WebGPU when asked and available) with the `.wasm` files the app bundles and serves itself (Vite
 * hashes and copies them next to the page; nothing is fetched from elsewhere). Threaded wasm runs
 * where the page is cross-origin isolated, with tfjs' own thread count (half the logical cores) unless `threads`
 * asks for a number; else SIMD on one thread. Falls back to the cpu backend only with a warning the page shows.
 *
 * @example
 * ```ts
 * const { info } = await initBackend();
 * console.log(info.description); // "wasm (SIMD, 1 thread), tfjs 4.22.0"
 * ```
 */
export async function initBackend(request: LabBackendRequest = 'wasm', threads?: number): Promise<LabBackend> {
  if (request === 'webgpu') {
    const gpu = await tryWebgpu();
    if (gpu.ok) return { info: gpu.info, isolated: Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) };
    const fallback = await initBackend('wasm', threads);
    return { ...fallback, warning: `WebGPU was asked for but ${gpu.reason}; running ${fallback.info.description}` };
  }
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  const threaded = isolated && request !== 'wasm-simd';
  // tfjs picks its threaded wasm build from this flag (registered by the wasm backend's module, read when the
  // backend starts)
  if (request === 'wasm-simd') {
    await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  let warning: string | undefined;
  const info = await selectBackend({
    backend: 'auto',
    wasmPaths: {
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm,
    },
    // without `threads`, tfjs' own choice: half of navigator.hardwareConcurrency (1 on a 2-core machine); with
    // it (the page's ?threads=N), exactly that many
    ...(threaded && threads !== undefined ? { threads } : {}),
    onWarning: (message) => {
      warning = message;
    },
  });
  return { info, isolated, ...(warning ? { warning } : {}) };
}
