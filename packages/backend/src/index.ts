/**
 * `@interp/backend`: picks the TensorFlow.js backend at run time.
 *
 * @module @interp/backend
 */
export { selectBackend, describeBackend, wasmFileNames } from './selectBackend';
export type { BackendName, BackendRequest, BackendInfo, SelectBackendOptions, WasmFileName } from './selectBackend';
