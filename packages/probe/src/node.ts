/**
 * Node-only entry point (file I/O) of `@interp/probe`.
 *
 * @module @interp/probe/node
 */
export { writeCircuitTraceXlsx, CIRCUIT_TRACE_FILE } from './writeCircuitTraceXlsx';
export type { CircuitTraceXlsxExtra } from './writeCircuitTraceXlsx';
