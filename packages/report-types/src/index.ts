/**
 * Browser-safe entry point of `@interp/report-types` (types only).
 *
 * @module @interp/report-types
 */
export type { Histogram } from './Histogram';
export type { FeatureSummary, FeatureCorrelations, TopRow, RowContext, AlignedNeuron, OutputEffect } from './FeatureSummary';
export type {
  CircuitTrace,
  CircuitHeatmap,
  HeatmapColumn,
  HeatmapRow,
  TraceFeature,
  TraceNeuron,
  TracePosition,
} from './CircuitTrace';
export type { RunSummary, CurvePoint, RunFile, StepTiming } from './RunSummary';
export type { SaeSweep, SaeSweepRow } from './SaeSweep';
