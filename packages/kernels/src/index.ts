/**
 * Browser-safe entry point of `@interp/kernels`: hand-assembled WebAssembly SIMD kernels and the worker-thread
 * pool that runs them on every core (Node `worker_threads`, browser Web Workers over `SharedArrayBuffer`).
 *
 * @module @interp/kernels
 */
export { createKernels, simdModule } from './createKernels';
export type { Kernels } from './createKernels';
export { buildKernelModule } from './buildKernelModule';
export { buildGemmModule, DEFAULT_GEMM_TILE } from './buildGemmModule';
export type { GemmTile } from './buildGemmModule';
export { buildMatMulModule } from './buildMatMulModule';
export { countCores, resolveThreads } from './resolveThreads';
export type { ThreadSupport } from './resolveThreads';
export { createThreadChooser } from './createThreadChooser';
export type { ThreadChooser } from './createThreadChooser';
export { createWorkBalancer } from './createWorkBalancer';
export type { WorkBalancer, WorkBalancerOptions } from './createWorkBalancer';
export { createBusyWindow } from './createBusyWindow';
export type { BusyWindow, BusyWindowOptions } from './createBusyWindow';
export { runThreadLoop, CONTROL, STOP_PHASE } from './runThreadLoop';
export { createThreadPool } from './createThreadPool';
export { measureCoreLatency } from './measureCoreLatency';
export type { CoreLatency, MeasureCoreLatencyOptions } from './measureCoreLatency';
export type {
  ThreadPool,
  ThreadPoolInit,
  ThreadPoolOptions,
  ThreadModules,
  ThreadPhases,
  CreateThreadPhases,
} from './createThreadPool';
