/**
 * Browser-safe entry point of `@interp/probe`.
 *
 * @module @interp/probe
 */
export type { ProbeData } from './ProbeData';
export { PROBE_RESULTS_FILE } from './probeResultsFile';
export { buildConcepts } from './buildConcepts';
export type { ConceptTable } from './buildConcepts';
export { scoreFeatures } from './scoreFeatures';
export type { FeatureScore, FeatureScores, ScoreFeaturesOptions } from './scoreFeatures';
export { computeFeatureActivations, runFeatureActivations } from './computeFeatureActivations';
export type { FeatureActivations, FeatureActivationOptions, ProbeRows } from './computeFeatureActivations';
export { runFeatureActivationsOnThreads } from './runFeatureActivationsOnThreads';
export type { FeatureActivationThreadOptions, SparseEncoder } from './runFeatureActivationsOnThreads';
export { probeInput, probeInputs } from './probeInput';
export type { ProbeResult, ProbeFeature, ProbeOptions } from './probeInput';
export { formatProbeReport } from './formatProbeReport';
export { computeFeatureStats } from './computeFeatureStats';
export type { FeatureStats, FeatureStatsResult, FeatureStatsOptions } from './computeFeatureStats';
export { computeFeatureStatsOnThreads } from './computeFeatureStatsOnThreads';
export type { FeatureStatsThreadOptions } from './computeFeatureStatsOnThreads';
export { combineFeatureSummaries } from './combineFeatureSummaries';
export type {
  FeatureSummary,
  FeatureCorrelations,
  Histogram,
  TopRow,
  AlignedNeuron,
  OutputEffect,
} from '@interp/report-types';
export { runSpliceTest } from './runSpliceTest';
export type { SpliceData, SpliceTestOptions, SpliceTestResult } from './runSpliceTest';
export { runSpliceTestOnThreads } from './runSpliceTestOnThreads';
export type { SpliceTestThreadOptions } from './runSpliceTestOnThreads';
export { traceCircuit } from './traceCircuit';
export type { TraceCircuitOptions } from './traceCircuit';
export type { CircuitTrace, CircuitHeatmap, HeatmapColumn, HeatmapRow, TraceFeature, TraceNeuron, TracePosition } from '@interp/report-types';
export { sweepInput } from './sweepInput';
export type { SweepResult, SweepFeature, SweepOptions } from './sweepInput';
export { compareDictionaries } from './compareDictionaries';
export type { DictionaryComparison, CompareDictionariesOptions } from './compareDictionaries';
