import type { ThreadPoolInit } from '@interp/kernels';

/**
 * The heap of a kernel thread pool, laid out in named blocks, and the buffers its threads share: see
 * {@link createKernelMemory}.
 *
 * @internal
 */
export interface KernelMemory<K extends string> {
  /** Each block's offset on the heap in floats (a multiple of 4: 16-byte aligned), and `size`, the floats of all blocks. */
  readonly layout: Record<K, number> & { size: number };
  /** The heap, `layout.size` floats over the memory of {@link KernelMemory.init}. */
  readonly heap: Float32Array;
  /** What `createThreadPool` needs besides the caller's own data: the memory, its control block and error buffer, the threads. */
  readonly init: ThreadPoolInit;
  /** A new zeroed buffer of `bytes` bytes, shared when the memory is: for the caller's own arrays the threads share. */
  buffer(bytes: number): ArrayBuffer | SharedArrayBuffer;
}

/**
 * Lays out `blocks` (floats per block, each rounded up to a multiple of 4, in the order of the object's keys, which
 * must not look like array indices) on a new WebAssembly memory of the whole pages they need (at least one), shared
 * and of fixed size when `threads` > 1, with the pool's control block (16 Int32 slots) and error buffer (1024 bytes)
 * on buffers of the same kind. Setup code of the MLP kernels on the main thread; the phases the workers run get the
 * result through `createThreadPool`.
 *
 * @internal
 * @example
 * ```ts
 * const { layout, heap, init, buffer } = createKernelMemory({ w: rows * cols, b: cols, x: batch * rows }, 2);
 * heap.set(weights, layout.w);
 * const pool = await createThreadPool({ ...init, params: new Float64Array(buffer(32)), layout }, createPhases);
 * ```
 */
export function createKernelMemory<K extends string>(blocks: Readonly<Record<K, number>>, threads: number): KernelMemory<K> {
  let next = 0;
  const offsets = {} as Record<K, number>;
  for (const name of Object.keys(blocks) as K[]) {
    offsets[name] = next;
    next += Math.ceil(blocks[name] / 4) * 4;
  }
  const layout = { ...offsets, size: next };
  const shared = threads > 1;
  const pages = Math.max(1, Math.ceil((layout.size * 4) / 65536));
  const memory = shared ? new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }) : new WebAssembly.Memory({ initial: pages });
  const buffer = (bytes: number): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    layout,
    heap: new Float32Array(memory.buffer, 0, layout.size),
    init: { memory, control: new Int32Array(buffer(64)), errorText: new Uint8Array(buffer(1024)), threads },
    buffer,
  };
}
