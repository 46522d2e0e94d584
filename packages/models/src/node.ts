/**
 * Node-only entry point (file I/O) of `@interp/models`.
 *
 * @module @interp/models/node
 */
export { saveMlp, MLP_WEIGHTS_FILE, MLP_CONFIG_FILE } from './saveMlp';
export { loadMlp } from './loadMlp';
