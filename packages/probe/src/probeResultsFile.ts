/**
 * The file name the pipeline gives the probe results (features, circuit trace, splice test) that the
 * reports are rendered from: `join(out, PROBE_RESULTS_FILE)`. The CLI and the lab both write it.
 *
 * @example
 * ```ts
 * import { PROBE_RESULTS_FILE } from '@interp/probe';
 * const probe = JSON.parse(await readFile(join('interp-out', PROBE_RESULTS_FILE), 'utf8'));
 * ```
 */
export const PROBE_RESULTS_FILE = 'probe_results.json';
