import { MLP_CONFIG_FILE, MLP_WEIGHTS_FILE } from '@interp/models';
import type { ProbeFileContent } from '@interp/pipeline';
import { PROBE_RESULTS_FILE } from '@interp/probe';
import { saeFileNames } from '@interp/sae';
import { parseSafetensors } from '@interp/safetensors';
import type { ZipEntry } from './createZip';
import type { LabRun } from './runLabPipeline';

/**
 * The files of a lab run in the layout of `interp run --out DIR`: the MLP (`mlp_weights.safetensors`,
 * `mlp_config.json`), the SAE in the SAELens layout (`sae_weights.safetensors`, `cfg.json`,
 * `sparsity.safetensors`), `probe_results.json`, and the step records `.interp/<step>.json` that the
 * CLI's later steps read (so `interp probe --out DIR --input ...` works on it).
 *
 * @example
 * ```ts
 * const zip = createZip(exportRunFiles(run));
 * ```
 */
export function exportRunFiles(run: LabRun): ZipEntry[] {
  const meta = parseSafetensors(run.mlpWeights).metadata;
  const mlpConfig = meta.config ? (JSON.parse(meta.config) as unknown) : {};
  const finishedAt = new Date().toISOString();
  const key = `lab-${run.config.seed}-${finishedAt}`;
  const record = (step: string, files: Record<string, string>, result: unknown, seconds: number): ZipEntry => ({
    path: `.interp/${step}.json`,
    data: `${JSON.stringify({ step, key: `${key}-${step}`, files, result, finishedAt, seconds, source: '@interp/lab' }, null, 2)}\n`,
  });
  const t = run.timings;
  const entries: ZipEntry[] = [
    { path: MLP_WEIGHTS_FILE, data: run.mlpWeights },
    { path: MLP_CONFIG_FILE, data: `${JSON.stringify(mlpConfig, null, 2)}\n` },
    { path: saeFileNames.weights, data: run.saeFiles[saeFileNames.weights] },
    { path: saeFileNames.config, data: run.saeFiles[saeFileNames.config] },
  ];
  const sparsity = run.saeFiles[saeFileNames.sparsity];
  if (sparsity) entries.push({ path: saeFileNames.sparsity, data: sparsity });
  const probeFile: ProbeFileContent = {
    probes: run.probes,
    features: run.features,
    trace: run.trace,
    splice: run.splice,
    scoredCount: run.figures.scoredCount,
    monosemanticCount: run.figures.monosemanticCount,
    monosemanticShare: run.figures.monosemanticShare,
    labellingConcepts: run.labellingConcepts,
  };
  entries.push({ path: PROBE_RESULTS_FILE, data: JSON.stringify(probeFile) });
  entries.push({ path: 'lab_config.json', data: `${JSON.stringify(run.config, null, 2)}\n` });
  entries.push(record('generate', {}, run.results.generate, t.generate ?? 0));
  entries.push(
    record('train-mlp', { mlpWeights: MLP_WEIGHTS_FILE, mlpConfig: MLP_CONFIG_FILE }, run.results['train-mlp'], t['train-mlp'] ?? 0),
  );
  entries.push(
    record(
      'train-sae',
      { saeWeights: saeFileNames.weights, saeConfig: saeFileNames.config, ...(sparsity ? { saeSparsity: saeFileNames.sparsity } : {}) },
      run.results['train-sae'],
      t['train-sae'] ?? 0,
    ),
  );
  entries.push(record('probe', { probeResults: PROBE_RESULTS_FILE }, run.results.probe, t.probe ?? 0));
  return entries;
}
