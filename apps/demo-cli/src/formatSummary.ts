import type { StepOutcome } from './runPipeline';
import type { SuperpositionSummary } from './runSuperpositionPipeline';
import type { TrainSaeStepResult } from './steps/trainSaeStep';

/** The units of the summary's figures, stated in the summary itself. */
export const summaryUnits = {
  fractions: 'every share, ratio and recovery is a fraction (1 = 100%) (testExact, fve, deadFraction, denseFraction, mseRecovered, monosemanticShare)',
  timings: 'seconds',
  mse: 'squared task units',
} as const;

/** The SAE part of the summary: its metrics and what produced them (read from the train-sae record). */
export interface RunSummarySae {
  architecture: string;
  /** Active features per row (topk). */
  k?: number;
  /** L1 coefficient (relu). */
  l1Coefficient?: number;
  dSae: number;
  fve: number;
  l0: number;
  deadFraction: number;
  denseFraction: number;
  /** Seed, backend and threads of the run that trained the SAE (null: not recorded). */
  seed: number | null;
  backend: string | null;
  threads: number | null;
  /** Why the SAE trained on fewer threads than asked (absent when it ran on as many). */
  threadsNote?: string;
}

/** The run summary: what `--json` prints and the closing text shows. */
export interface RunSummaryJson {
  started: string;
  finished: string;
  backend: string;
  /** wasm threads of this run's backend (null when the backend does not say). */
  threads: number | null;
  /** `threads` of the configuration (`--threads`): the MLP and SAE steps' thread count asked for, or `'auto'` (all cores). */
  threadsRequested: number | 'auto';
  preset: string;
  seed: number;
  units: typeof summaryUnits;
  mlp: { testMse: number; testExact: number; trainRows: number; bestValMse: number; threads: number | null; threadsNote?: string } | null;
  sae: RunSummarySae | null;
  /** Present when `sae` was a list: every SAE of the sweep (FVE and L0 on held-out rows, dead over all rows); `chosen` is the config index of `sae`. */
  sweep?: NonNullable<TrainSaeStepResult['sweep']>;
  /** `mseRecovered` is a fraction (the probe step's percentage / 100). */
  probe: { mseRecovered: number; monosemanticShare: number; scoredFeatures: number; monosemanticFeatures: number } | null;
  timings: Record<string, number>;
  cached: string[];
  files: Record<string, string>;
}

function pick<T>(outcomes: StepOutcome[], step: string): T | undefined {
  return outcomes.find((o) => o.step === step)?.result as T | undefined;
}

/** Collects the summary of a run from its step outcomes. */
export function buildSummary(
  outcomes: StepOutcome[],
  meta: { started: Date; finished: Date; backend: string; threads: number | null; threadsRequested: number | 'auto'; preset: string; seed: number },
): RunSummaryJson {
  const mlp = pick<{ testMse: number; testExact: number; trainRows: number; bestValMse: number; threads?: number; threadsNote?: string }>(outcomes, 'train-mlp');
  const sae = pick<Partial<TrainSaeStepResult> & Pick<TrainSaeStepResult, 'fve' | 'l0' | 'deadFraction' | 'denseFraction' | 'dSae' | 'architecture'>>(
    outcomes,
    'train-sae',
  );
  const probe = pick<{ mseRecovered: number; monosemanticShare: number; scoredFeatures: number; monosemanticFeatures: number }>(
    outcomes,
    'probe',
  );
  const timings: Record<string, number> = {};
  for (const o of outcomes) timings[o.step] = Number(o.seconds.toFixed(3));
  timings.total = Number(((meta.finished.getTime() - meta.started.getTime()) / 1000).toFixed(3));
  const files: Record<string, string> = {};
  for (const o of outcomes) Object.assign(files, o.files);
  return {
    started: meta.started.toISOString(),
    finished: meta.finished.toISOString(),
    backend: meta.backend,
    threads: meta.threads,
    threadsRequested: meta.threadsRequested,
    preset: meta.preset,
    seed: meta.seed,
    units: summaryUnits,
    mlp: mlp
      ? {
          testMse: mlp.testMse,
          testExact: mlp.testExact,
          trainRows: mlp.trainRows,
          bestValMse: mlp.bestValMse,
          threads: mlp.threads ?? null,
          ...(mlp.threadsNote === undefined ? {} : { threadsNote: mlp.threadsNote }),
        }
      : null,
    sae: sae
      ? {
          architecture: sae.architecture,
          ...(sae.k === undefined ? {} : { k: sae.k }),
          ...(sae.l1Coefficient === undefined ? {} : { l1Coefficient: sae.l1Coefficient }),
          dSae: sae.dSae,
          fve: sae.fve,
          l0: sae.l0,
          deadFraction: sae.deadFraction,
          denseFraction: sae.denseFraction,
          seed: sae.seed ?? null,
          backend: sae.backend ?? null,
          threads: sae.threads ?? null,
          ...(sae.threadsNote === undefined ? {} : { threadsNote: sae.threadsNote }),
        }
      : null,
    ...(sae?.sweep ? { sweep: sae.sweep } : {}),
    probe: probe
      ? {
          mseRecovered: probe.mseRecovered / 100,
          monosemanticShare: probe.monosemanticShare,
          scoredFeatures: probe.scoredFeatures,
          monosemanticFeatures: probe.monosemanticFeatures,
        }
      : null,
    timings,
    cached: outcomes.filter((o) => o.cached).map((o) => o.step),
    files,
  };
}

const time = (d: Date) => d.toTimeString().slice(0, 8);
function duration(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)} m ${Math.round(s % 60)} s` : `${s.toFixed(1)} s`;
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The closing text of `interp run`, in the reference run's layout, with our measured figures. */
export function formatSummary(summary: RunSummaryJson): string {
  const rule = '-'.repeat(54);
  const lines = [
    '='.repeat(54),
    'Pipeline Complete: Monosemantic Features Identified.',
    '='.repeat(54),
    rule,
    'Execution Summary:',
    `Started: ${time(new Date(summary.started))}`,
    `Finished: ${time(new Date(summary.finished))}`,
    `Duration: ${duration(summary.timings.total ?? 0)}`,
    `Backend: ${summary.backend} | preset ${summary.preset} | seed ${summary.seed}`,
    `Threads: SAE step ${summary.sae?.threads ?? 'not run'} (--threads ${summary.threadsRequested})${summary.sae?.threadsNote ? `: ${summary.sae.threadsNote}` : ''} | MLP step ${summary.mlp ? (summary.mlp.threads ?? 'not recorded') : 'not run'}${summary.mlp?.threadsNote ? `: ${summary.mlp.threadsNote}` : ''} | tfjs backend ${summary.threads ?? 'default'}`,
    rule,
    'Step durations:',
  ];
  for (const [step, s] of Object.entries(summary.timings)) {
    if (step === 'total') continue;
    lines.push(`  ${step.padEnd(12)} ${duration(s).padStart(10)}${summary.cached.includes(step) ? '  (cached)' : ''}`);
  }
  lines.push(rule);
  if (summary.mlp) {
    lines.push(`MLP Performance : test MSE ${summary.mlp.testMse.toFixed(4)}, ${pct(summary.mlp.testExact)} of test rows exact after rounding (trained on ${summary.mlp.trainRows} rows; best val MSE ${summary.mlp.bestValMse.toFixed(4)})`);
  }
  if (summary.sae) {
    const arch = summary.sae.k === undefined ? summary.sae.architecture : `${summary.sae.architecture} (k = ${summary.sae.k})`;
    lines.push(`SAE Efficiency  : ${arch} SAE, ${summary.sae.dSae} features: variance explained ${summary.sae.fve.toFixed(4)}, L0 ${summary.sae.l0.toFixed(1)}, dead ${pct(summary.sae.deadFraction)}, dense ${pct(summary.sae.denseFraction)} (FVE and L0 on held-out rows, dead and dense over all harvested rows)`);
  }
  if (summary.sweep) {
    const w = summary.sweep;
    lines.push(`SAE sweep       : ${w.rows.length} SAEs on one read of each batch (${w.batchesRead} batches${w.seconds === undefined ? '' : `, ${duration(w.seconds)}`}); FVE and L0 on held-out rows, dead over all rows`);
    for (const r of w.rows) {
      lines.push(`  [${r.index}] ${r.label.padEnd(24)} FVE ${r.fve.toFixed(4)}  L0 ${r.l0.toFixed(1).padStart(6)}  dead ${pct(r.deadFraction).padStart(6)}  ${r.folder === '.' ? '(primary: used by the probe and reports)' : r.folder}`);
    }
  }
  if (summary.probe) {
    lines.push(`Splice test     : MSE recovered ${pct(summary.probe.mseRecovered)} with the SAE reconstruction spliced into the MLP`);
    lines.push(`Monosemanticity : ${summary.probe.monosemanticFeatures} of ${summary.probe.scoredFeatures} scored features (${pct(summary.probe.monosemanticShare)}) match a ground-truth concept with >= 90% precision`);
  }
  lines.push(rule, 'Files written:');
  for (const [name, path] of Object.entries(summary.files)) lines.push(`  ${name.padEnd(18)} ${path}`);
  return lines.join('\n');
}

/** The closing text of `interp run` with `task: "superposition"`: recovered vs true features. */
export function formatSuperpositionSummary(summary: SuperpositionSummary): string {
  const rule = '-'.repeat(54);
  const s = summary.sae;
  const d = summary.dictionary;
  const lines = [
    '='.repeat(54),
    'Pipeline Complete: SAE Features vs True Features.',
    '='.repeat(54),
    `Duration: ${duration(summary.timings.total ?? 0)}`,
    `Backend: ${summary.backend} | preset ${summary.preset} | seed ${summary.seed}`,
    `Threads: SAE step ${summary.saeThreads} (--threads ${summary.threadsRequested})`,
    rule,
    `Data            : ${summary.activations.rows} rows x ${summary.activations.width} dimensions, ${summary.superposition.features} true features, ${summary.superposition.activeFeatures} active per row`,
    `SAE Efficiency  : ${s.architecture}${s.k === undefined ? '' : ` (k = ${s.k})`} SAE, ${s.dSae} features: variance explained ${summary.heldOut.fve.toFixed(4)}, L0 ${summary.heldOut.l0.toFixed(1)} on ${summary.heldOutRows} held-out rows; dead ${pct(s.deadFraction)} over all rows`,
  ];
  if (d) {
    lines.push(`Recovery        : ${d.recovered} of ${d.trueFeatures} true features (${pct(d.recoveredFraction)}) have a decoder direction at cosine > ${d.recoveryThreshold}; mean max cosine ${d.meanMaxCosine.toFixed(3)}; ${d.splitFeatures} split features, ${d.absorbingLatents} absorbing latents`);
  }
  if (summary.labels) {
    lines.push(`Monosemanticity : ${summary.labels.monosemanticCount} of ${summary.labels.scoredCount} scored features (${pct(summary.labels.monosemanticShare)}) fire with one true feature at >= 90% precision`);
  }
  lines.push(rule, 'Files written:');
  for (const [name, path] of Object.entries(summary.files)) lines.push(`  ${name.padEnd(32)} ${path}`);
  return lines.join('\n');
}
