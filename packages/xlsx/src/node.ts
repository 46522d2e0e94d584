/**
 * Node-only entry point of `@interp/xlsx`: deflate with `node:zlib`, atomic file writes.
 *
 * @module @interp/xlsx/node
 */
export { writeXlsx } from './writeXlsx';
