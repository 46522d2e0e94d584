export { writeCircuitTraceXlsx } from './writeCircuitTraceXlsx';
export type { CircuitTraceXlsxExtra } from './writeCircuitTraceXlsx';
