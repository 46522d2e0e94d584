/**
 * Node-only entry point (file I/O) of `@interp/models`.
 *
 * @module @interp/models/node
 */
export { saveMlp } from './saveMlp';
export { MLP_WEIGHTS_FILE, MLP_CONFIG_FILE } from './mlpFileNames';
export { loadMlp } from './loadMlp';
