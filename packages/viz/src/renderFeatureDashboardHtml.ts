import { escapeHtml } from './escapeHtml';
import { featureDashboardScript } from './featureDashboardScript';
import type { FeatureSummary } from '@interp/report-types';
import { renderHtmlPage } from './renderHtmlPage';
import type { ReportKey } from './reportFiles';

/**
 * Options of {@link renderFeatureDashboardHtml}.
 *
 * @example
 * ```ts
 * import { getInputColumns } from '@interp/dataset';
 * import { renderFeatureDashboardHtml, type FeatureDashboardOptions } from '@interp/viz';
 * const options: FeatureDashboardOptions = { inputNames: getInputColumns(), title: 'Features of run 7' };
 * const html = renderFeatureDashboardHtml(summaries, options);
 * ```
 */
export interface FeatureDashboardOptions {
  /** Input column names (`c1_0 ... p2`), the header of the top-rows tables. */
  inputNames: string[];
  /** Page heading (default `Feature dashboard`). */
  title?: string;
  /** What the activation's coordinates are: hidden `neuron`s of the built-in MLP (default) or `dimension`s of any activations. */
  unitName?: 'neuron' | 'dimension';
  /** The reports linked in the navigation bar (default all five). */
  reports?: readonly ReportKey[];
}

/**
 * Renders `features.html`, a feature dashboard in the manner of Neuronpedia
 * and sae_vis: one card per alive feature (label and F1, firing frequency,
 * activation histogram, top-activating rows with the pointed-to inputs
 * highlighted, aligned neurons, output effect, correlations), with search,
 * sort and filters by label and frequency. The features are embedded as JSON
 * and cards are rendered lazily as the reader scrolls, so thousands of
 * features open fast. Dead features (frequency 0) are counted, not shown.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderFeatureDashboardHtml } from '@interp/viz';
 * const data = createFixtureRun({ features: 2048 });
 * const html = renderFeatureDashboardHtml(data.features, { inputNames: data.trace.inputNames });
 * ```
 * @throws RangeError naming the feature whose top row does not match the input names.
 */
export function renderFeatureDashboardHtml(features: FeatureSummary[], options: FeatureDashboardOptions): string {
  const { inputNames } = options;
  const alive = features.filter((f) => f.firingCount > 0 && f.frequency > 0);
  for (const f of alive) {
    f.topRows.forEach((r, i) => {
      if (r.inputs.length !== inputNames.length) {
        throw new RangeError(`renderFeatureDashboardHtml: feature ${f.id} topRows[${i}].inputs has ${r.inputs.length} values, expected ${inputNames.length} (inputNames)`);
      }
    });
  }
  const title = options.title ?? 'Feature dashboard';
  const labelled = alive.filter((f) => f.label).length;
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="lead">${alive.length} alive features of ${features.length} (${labelled} with a ground-truth label). Search by id or concept, sort, and filter by label or firing frequency; cards load as you scroll. Hover anything for details.</p>
<form class="toolbar" id="toolbar">
<label>Search <input id="search" type="search" placeholder="#1649 or p1=2" title="#id matches one feature; other text matches ids and concepts" autocomplete="off"></label>
<label>Sort <select id="sort"><option value="frequency">frequency ↓</option><option value="f1">F1 ↓</option><option value="precision">precision ↓</option><option value="max">max activation ↓</option><option value="id">id ↑</option></select></label>
<label>Label <select id="label-filter"><option value="all">any</option><option value="labelled">labelled only</option><option value="unlabelled">unlabelled only</option></select></label>
<label>Freq. % from <input id="freq-min" type="number" min="0" max="100" step="any" placeholder="0"></label>
<label>to <input id="freq-max" type="number" min="0" max="100" step="any" placeholder="100"></label>
<span id="count" class="muted" role="status"></span>
</form>
<div id="cards" class="cards"></div>
<div id="sentinel"><button id="more" type="button">Show more</button></div>`;
  return renderHtmlPage({
    title: `${title} · interp`,
    current: 'features',
    body,
    data: { inputNames, unitName: options.unitName ?? 'neuron', total: features.length, dead: features.length - alive.length, features: alive },
    script: featureDashboardScript,
    css: DASHBOARD_CSS,
    ...(options.reports ? { reports: options.reports } : {}),
  });
}

const DASHBOARD_CSS = `
.toolbar { position: sticky; top: 41px; z-index: 4; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 12px; margin-bottom: 14px; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
.toolbar label { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; }
.toolbar input, .toolbar select { font: inherit; padding: 3px 6px; border: 1px solid #bbb; border-radius: 5px; background: #fff; }
.toolbar input[type=number] { width: 6.5em; }
.toolbar input[type=search] { width: 14em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 14px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.card header { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.card h2 { font-size: 17px; margin: 0; }
.card h3 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: #444; margin: 10px 0 4px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; font-weight: 700; max-width: 100%; overflow-wrap: anywhere; }
.badge.label { background: #e3f0fa; color: #004d80; border: 1px solid #9cc7e6; }
.badge.none { background: #f1f1f1; color: #555; border: 1px solid #ddd; font-weight: 600; }
.stats { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-top: 6px; font-size: 13px; }
svg.hist { display: block; width: 100%; height: auto; margin-top: 6px; font-size: 10px; }
svg.hist rect.bar:hover { fill: #d55e00; }
svg.hist .tick text { font-size: 12px; }
table.rows { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; table-layout: fixed; }
table.rows th { font-weight: 600; color: #555; font-size: 11px; padding: 2px 1px; text-align: center; overflow: hidden; text-overflow: ellipsis; }
table.rows td { text-align: center; padding: 2px 1px; border-top: 1px solid #eee; }
table.rows th:last-child { width: 26%; }
table.rows td.hot { background: #fde0c5; color: #7a3000; font-weight: 800; outline: 1px solid #d55e00; outline-offset: -1px; }
table.rows td.ptr { color: #0072b2; font-weight: 700; }
table.rows td.ctx-text { text-align: left; white-space: pre-wrap; word-break: break-word; }
table.rows th.ctx-text { width: 36%; }
table.rows tr.loadable { cursor: pointer; }
table.rows tr.loadable:hover td { background: #eef4fb; }
td.act { position: relative; text-align: right; padding-right: 4px; }
.actbar { position: absolute; left: 2px; top: 4px; bottom: 4px; background: #cfe3f2; border-radius: 2px; }
.actval { position: relative; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 18px; }
ul.bars { list-style: none; margin: 0; padding: 0; font-size: 12.5px; }
ul.bars li { display: grid; grid-template-columns: 4.5em 1fr 4.2em; align-items: center; gap: 6px; padding: 1px 0; }
.track { height: 9px; background: #f0f0f0; border-radius: 3px; overflow: hidden; }
.fill { display: block; height: 100%; }
.fill.pos { background: #0072b2; } .fill.neg { background: #d55e00; }
.val { text-align: right; font-variant-numeric: tabular-nums; }
dl { display: grid; grid-template-columns: auto 1fr auto 1fr; gap: 2px 8px; margin: 0; font-size: 12.5px; font-variant-numeric: tabular-nums; }
dt { color: #555; } dd { margin: 0; font-weight: 600; }
#sentinel { text-align: center; padding: 18px; }
#sentinel button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #bbb; background: #fff; cursor: pointer; }
@media (max-width: 1300px) { .cards { grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); } }
`;
