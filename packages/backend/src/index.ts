export { selectBackend, describeBackend, wasmFileNames } from './selectBackend';
export type { BackendName, BackendRequest, BackendInfo, SelectBackendOptions, WasmFileName } from './selectBackend';
