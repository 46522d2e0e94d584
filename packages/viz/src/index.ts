/**
 * Browser-safe entry point of `@interp/viz`.
 *
 * @module @interp/viz
 */
export type { Histogram } from '@interp/report-types';
export type { CircuitTrace, CircuitHeatmap, HeatmapColumn, HeatmapRow, TraceFeature, TraceNeuron, TracePosition } from '@interp/report-types';
export type { FeatureSummary, TopRow, RowContext, AlignedNeuron, OutputEffect, FeatureCorrelations } from '@interp/report-types';
export type { RunSummary, CurvePoint, RunFile, StepTiming } from '@interp/report-types';
export type { ReportData } from './ReportData';
export { createFixtureRun, type FixtureRun, type FixtureRunOptions } from './createFixtureRun';
export { escapeHtml } from './escapeHtml';
export { serializeJsonForScript } from './serializeJsonForScript';
export { reportFiles, reportTitles, type ReportKey } from './reportFiles';
export { renderHtmlPage, getReportCsp, type HtmlPageOptions } from './renderHtmlPage';
export { computeSha256, getScriptHashSource } from './computeSha256';
export { renderHeatmapSvg, checkHeatmap, formatHeatmapColumn, type HeatmapSvgOptions } from './renderHeatmapSvg';
export { renderHeatmapHtml } from './renderHeatmapHtml';
export { renderBellCurvesSvg, type BellCurvesSvgOptions } from './renderBellCurvesSvg';
export { renderBellCurvesHtml } from './renderBellCurvesHtml';
export { selectCircuitFeatures } from './selectCircuitFeatures';
export {
  computeSankeyLayout,
  type SankeyLayout,
  type SankeyLayoutLink,
  type SankeyLayoutNode,
  type SankeyLayoutOptions,
} from './computeSankeyLayout';
export { renderSankeySvg, renderSankeyLayoutSvg, sankeyLayerColours, sankeyLinkColours, type SankeySvgOptions } from './renderSankeySvg';
export { renderSankeyHtml } from './renderSankeyHtml';
export { renderHistogramSvg, type HistogramSvgOptions } from './renderHistogramSvg';
export { renderLineChartSvg, type LineChartSvgOptions, type LineSeries } from './renderLineChartSvg';
export { renderParetoSvg, computeParetoFrontier, type ParetoPoint, type ParetoSvgOptions } from './renderParetoSvg';
export { renderFeatureDashboardHtml, type FeatureDashboardOptions } from './renderFeatureDashboardHtml';
export { renderRunSummaryHtml } from './renderRunSummaryHtml';
export { renderReports } from './renderReports';
