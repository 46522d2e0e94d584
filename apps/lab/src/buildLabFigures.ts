import type { MlpEvaluation } from '@interp/models';
import type { ProbeStages } from '@interp/pipeline';
import type { SaeMetrics } from '@interp/sae';
import type { LabFigures } from './runLabPipeline';

/**
 * The figures of a run from its steps' outputs, the same for a run trained in the page and a loaded one: `mlp` the
 * MLP on the test split, `mlpBestValMse` its best validation MSE (`NaN` when not recorded), `sae` the SAE on the
 * held-out activations, `liveness` the SAE on every harvested row (dead and dense fractions), `probe` the probe step.
 *
 * @example
 * ```ts
 * const figures = buildLabFigures({ mlp: evaluateMlp(model, test), mlpBestValMse: Number.NaN, sae: metrics, liveness, probe });
 * showFigures(figures, 'loaded run');
 * ```
 */
export function buildLabFigures(parts: {
  mlp: MlpEvaluation;
  mlpBestValMse: number;
  sae: SaeMetrics;
  liveness: SaeMetrics;
  probe: ProbeStages;
}): LabFigures {
  const { mlp, sae, liveness, probe } = parts;
  return {
    mlpTestMse: mlp.mse,
    mlpTestExact: mlp.exactFraction,
    mlpBestValMse: parts.mlpBestValMse,
    saeFve: sae.fve,
    saeMse: sae.mse,
    saeL0: sae.l0,
    saeDeadFraction: liveness.deadFraction,
    saeDenseFraction: liveness.denseFraction,
    mseRecovered: probe.splice.mseRecovered,
    // monosemanticCount / scoredCount, 0 when nothing is scored (as summarizeProbe's share)
    monosemanticShare: probe.scores.monosemanticShare,
    monosemanticCount: probe.scores.monosemanticCount,
    scoredCount: probe.scores.scoredCount,
  };
}
