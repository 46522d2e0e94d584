export { selectBackend, describeBackend } from './selectBackend';
export type { BackendName, BackendRequest, BackendInfo, SelectBackendOptions } from './selectBackend';
