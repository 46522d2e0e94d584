/**
 * File names of the five reports (the reference run's names, plus the
 * dashboard and the index), with the title shown in every page's navigation.
 *
 * @example
 * ```ts
 * reportFiles.heatmap; // 'logic_circuit_map.html'
 * ```
 */
export const reportFiles = {
  index: 'index.html',
  heatmap: 'logic_circuit_map.html',
  bellCurves: 'circuit_bell_curves.html',
  sankey: 'uhd_bold_sankey.html',
  features: 'features.html',
} as const;

/**
 * Keys of {@link reportFiles}.
 *
 * @example
 * ```ts
 * import { reportFiles, type ReportKey } from '@interp/viz';
 * const key: ReportKey = 'sankey';
 * reportFiles[key]; // 'uhd_bold_sankey.html'
 * ```
 */
export type ReportKey = keyof typeof reportFiles;

/**
 * Navigation titles of the reports, in display order.
 *
 * @example
 * ```ts
 * import { reportFiles, reportTitles } from '@interp/viz';
 * const nav = reportTitles.map(([key, title]) => `<a href="${reportFiles[key]}">${title}</a>`).join(' | ');
 * ```
 */
export const reportTitles: ReadonlyArray<readonly [ReportKey, string]> = [
  ['index', 'Run summary'],
  ['heatmap', 'Logic circuit map'],
  ['bellCurves', 'Bell curves'],
  ['sankey', 'Circuit Sankey'],
  ['features', 'Feature dashboard'],
];
