import type { FeatureSummary } from '@interp/report-types';
import type { ReportData } from './ReportData';

/**
 * Picks the features the bell-curve report stacks: the alive features of the
 * circuit trace in trace order (strongest first), topped up with the most
 * frequent alive features, at most `max`.
 *
 * @example
 * ```ts
 * import { createFixtureRun, selectCircuitFeatures } from '@interp/viz';
 * selectCircuitFeatures(createFixtureRun({ features: 64 }), 8).length; // 8
 * ```
 */
export function selectCircuitFeatures(data: ReportData, max = 12): FeatureSummary[] {
  const byId = new Map(data.features.map((f) => [f.id, f]));
  const picked: FeatureSummary[] = [];
  const seen = new Set<number>();
  const take = (f: FeatureSummary | undefined) => {
    if (!f || seen.has(f.id) || f.firingCount <= 0 || picked.length >= max) return;
    seen.add(f.id);
    picked.push(f);
  };
  const traced = (data.trace?.positions ?? []).flatMap((p) => p.neurons.flatMap((n) => n.features));
  traced.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  for (const f of traced) take(byId.get(f.feature));
  for (const f of [...data.features].sort((x, y) => y.frequency - x.frequency)) take(f);
  return picked;
}
