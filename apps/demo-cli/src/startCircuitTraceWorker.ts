import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CircuitTrace } from '@interp/probe';
import type { CircuitTraceXlsxExtra } from '@interp/probe/node';

/** A worker thread that writes `circuit_trace_detailed.xlsx` (see {@link startCircuitTraceWorker}). */
export interface CircuitTraceWorker {
  /** `writeCircuitTraceXlsx(path, trace, extra)` in the worker (the data is copied to it); one call per worker. */
  write(path: string, trace: CircuitTrace, extra: CircuitTraceXlsxExtra): Promise<void>;
  /** Stops the worker (also after an error). */
  dispose(): void;
}

/**
 * Starts a worker thread that loads `@interp/probe/node` (exceljs) at once and, when told, writes the circuit-trace
 * workbook with `writeCircuitTraceXlsx` (the same function, so the same bytes) while the caller renders the HTML
 * reports: the report step's two largest pieces run on two cores. `SOURCE_DATE_EPOCH` reaches the worker (it
 * shares the process environment as it was when started).
 *
 * @example
 * ```ts
 * const worker = startCircuitTraceWorker();
 * try {
 *   const written = worker.write(join(dir, CIRCUIT_TRACE_FILE), trace, { features, probes, summary });
 *   const pages = await writeReports(dir, data);
 *   await written;
 * } finally {
 *   worker.dispose();
 * }
 * ```
 */
export function startCircuitTraceWorker(): CircuitTraceWorker {
  const modulePath = createRequire(import.meta.url).resolve('@interp/probe/node');
  const source = `
const { parentPort } = require('node:worker_threads');
const probe = require(${JSON.stringify(modulePath)});
parentPort.on('message', (m) => {
  probe.writeCircuitTraceXlsx(m.path, m.trace, m.extra).then(
    () => parentPort.postMessage({ ok: true }),
    (e) => parentPort.postMessage({ ok: false, message: e && e.message ? String(e.message) : String(e) }),
  );
});`;
  const worker = new Worker(source, { eval: true });
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', (e) => reject(new Error(`circuit-trace worker failed: ${(e as Error).message}`)));
    worker.once('exit', (code) => reject(new Error(`circuit-trace worker exited (code ${code}) before writing the workbook`)));
  });
  failed.catch(() => undefined); // only a pending write reports it
  return {
    write(path, trace, extra) {
      const done = new Promise<void>((resolve, reject) => {
        worker.once('message', (m: { ok: boolean; message?: string }) => (m.ok ? resolve() : reject(new Error(m.message ?? 'circuit-trace worker failed'))));
      });
      worker.postMessage({ path, trace, extra });
      return Promise.race([done, failed]);
    },
    dispose() {
      void worker.terminate();
    },
  };
}
