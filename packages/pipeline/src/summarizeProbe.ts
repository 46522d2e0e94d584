import type { CircuitTrace, FeatureSummary, ProbeResult, SpliceTestResult } from '@interp/probe';
import type { ProbeStages } from './runProbeStages';

/**
 * Result of the probe step (the summary's figures; `.interp/probe.json`).
 *
 * @example
 * ```ts
 * const { result }: { result: ProbeStepResult } = summarizeProbe(stages, probes);
 * console.log(`${(result.monosemanticShare * 100).toFixed(1)}% monosemantic`);
 * ```
 */
export interface ProbeStepResult {
  mseRecovered: number;
  monosemanticShare: number;
  scoredFeatures: number;
  monosemanticFeatures: number;
  /** Single concepts that label at least one feature. */
  labellingConcepts: string[];
  splice: SpliceTestResult;
}

/**
 * The probe step's full output, as `probe_results.json` holds it (the report step renders it).
 *
 * @example
 * ```ts
 * const content: ProbeFileContent = JSON.parse(await readFile('probe_results.json', 'utf8'));
 * content.features.length; // dSae
 * ```
 */
export interface ProbeFileContent {
  probes: ProbeResult[];
  features: FeatureSummary[];
  trace: CircuitTrace;
  splice: SpliceTestResult;
  scoredCount: number;
  monosemanticCount: number;
  monosemanticShare: number;
  labellingConcepts: string[];
}

/**
 * The probe step's record and the content of `probe_results.json` from its stages and the probed rows
 * (the CLI writes both; the lab exports them in the CLI's layout). The monosemantic share is a fraction of the
 * scored features (0 when none was scored).
 *
 * @example
 * ```ts
 * const { result, content } = summarizeProbe(await runProbeStages(model, sae, train, test, hook), probes);
 * JSON.stringify(content); // probe_results.json
 * ```
 */
export function summarizeProbe(stages: ProbeStages, probes: ProbeResult[]): { result: ProbeStepResult; content: ProbeFileContent } {
  const { scores, features, splice, trace } = stages;
  const share = scores.scoredCount > 0 ? scores.monosemanticCount / scores.scoredCount : 0;
  const labellingConcepts = scores.labellingSingles;
  return {
    result: {
      mseRecovered: splice.mseRecovered,
      monosemanticShare: share,
      scoredFeatures: scores.scoredCount,
      monosemanticFeatures: scores.monosemanticCount,
      labellingConcepts,
      splice,
    },
    content: {
      probes,
      features,
      trace,
      splice,
      scoredCount: scores.scoredCount,
      monosemanticCount: scores.monosemanticCount,
      monosemanticShare: share,
      labellingConcepts,
    },
  };
}
