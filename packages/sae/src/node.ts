/**
 * Node-only entry point (file I/O) of `@interp/sae`.
 *
 * @module @interp/sae/node
 */
export { saveSae, loadSae } from './saveSae';
export { writeSaeCheckpoint, readSaeCheckpoint } from './writeSaeCheckpoint';
