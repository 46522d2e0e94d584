import { format } from 'd3';
import { escapeHtml } from './escapeHtml';
import { reportFiles, reportTitles } from './reportFiles';
import { renderHistogramSvg } from './renderHistogramSvg';
import { renderHtmlPage } from './renderHtmlPage';
import { renderLineChartSvg, type LineSeries } from './renderLineChartSvg';
import type { RunSummary } from '@interp/report-types';

/** "TopK SAE (k = 32)", "ReLU SAE", or "SAE" when the architecture is unknown; escaped. */
function saeName(sae: RunSummary['sae']): string {
  const names: Record<string, string> = { topk: 'TopK', relu: 'ReLU' };
  const arch = sae.architecture === undefined ? '' : `${Object.hasOwn(names, sae.architecture) ? names[sae.architecture] : sae.architecture} `;
  return escapeHtml(`${arch}SAE${sae.k === undefined ? '' : ` (k = ${sae.k})`}`);
}

/**
 * Renders `index.html`, the run summary: MLP test MSE and training curve, SAE
 * variance explained, L0, dead fraction and density histogram, MSE recovered,
 * monosemantic share, per-step timings, the files written and links to every
 * report. Self-contained (d3 inlined), tooltips on every chart mark.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderRunSummaryHtml } from '@interp/viz';
 * const html = renderRunSummaryHtml(createFixtureRun({ features: 64 }).run);
 * ```
 */
export function renderRunSummaryHtml(run: RunSummary): string {
  const f4 = format('.4f');
  const pct1 = format('.1%');
  const tiles: Array<[string, string, string]> = [
    ['MLP test MSE', f4(run.mlp.testMse), `test-split mean squared error, hidden width ${run.mlp.hidden}`],
    ['SAE variance explained', pct1(run.sae.fve), 'fraction of the hidden activations\u2019 variance the SAE reconstruction explains'],
    ['SAE L0', format('.1f')(run.sae.l0), `mean active features per row, of ${run.sae.features}`],
    ['Dead features', pct1(run.sae.deadFraction), 'features that never fire on the harvested rows'],
    ['MSE recovered', `${format('.1f')(run.probe.mseRecovered)}%`, `splice test: clean ${f4(run.probe.mseClean)}, SAE spliced ${f4(run.probe.mseSpliced)}, zero-ablated ${f4(run.probe.mseZeroAblated)}`],
    ['Monosemantic share', pct1(run.probe.monosemanticShare), `${run.probe.monosemanticCount} of ${run.probe.scoredCount} features firing on >= 20 rows have a ground-truth concept with precision >= 90%`],
  ];
  const tileHtml = tiles
    .map(([name, value, tip]) => `<div class="tile" data-tip="${escapeHtml(tip)}"><div class="tile-name">${escapeHtml(name)}</div><div class="tile-value">${escapeHtml(value)}</div></div>`)
    .join('');
  const series: LineSeries[] = [];
  const train = run.mlp.curve.filter((p) => p.trainMse !== undefined).map((p) => [p.epoch, p.trainMse as number] as [number, number]);
  const val = run.mlp.curve.filter((p) => p.valMse !== undefined).map((p) => [p.epoch, p.valMse as number] as [number, number]);
  if (train.length) series.push({ name: 'train MSE', points: train });
  if (val.length) series.push({ name: 'validation MSE', points: val });
  const positive = series.every((s) => s.points.every((p) => p[1] > 0));
  const curve = renderLineChartSvg(series, { title: 'MLP training curve', xLabel: 'epoch', yLabel: positive ? 'MSE (log scale)' : 'MSE', logY: positive && series.length > 0 });
  const density = renderHistogramSvg(run.sae.densityLog10, { title: 'SAE feature density', xLabel: 'log10 firing frequency (alive features)', yLabel: 'features' });
  const reports = reportTitles
    .filter(([key]) => key !== 'index')
    .map(([key, title]) => `<li><a href="${reportFiles[key]}">${escapeHtml(title)}</a> <span class="muted">${reportFiles[key]}</span></li>`)
    .join('');
  // Only plain relative paths become links: a `javascript:` or other scheme, or a path leaving the folder, is shown as text.
  const isRelativeFile = (path: string) => /^[A-Za-z0-9._-][A-Za-z0-9._/ -]*$/.test(path) && !path.split('/').includes('..');
  const files = run.files
    .map((f) =>
      isRelativeFile(String(f.path))
        ? `<li><a href="${escapeHtml(encodeURI(f.path))}">${escapeHtml(f.name)}</a> <span class="muted">${escapeHtml(f.path)}</span></li>`
        : `<li>${escapeHtml(String(f.name))} <span class="muted">${escapeHtml(String(f.path))} (not a file of this folder: not linked)</span></li>`,
    )
    .join('');
  const labelCounts = run.probe.labelCounts ?? [];
  const labels = labelCounts
    .slice(0, 30)
    .map((l) => `<li><a href="${reportFiles.features}#${escapeHtml(encodeURIComponent(l.concept))}">${escapeHtml(l.concept)}</a> <span class="muted">${l.features} feature${l.features === 1 ? '' : 's'}</span></li>`)
    .join('');
  const singles = run.probe.labellingSingles;
  const labelSection =
    labelCounts.length || singles
      ? `<div class="figure" id="labels"><h2>Ground-truth labels</h2>${
          labels ? `<ul class="links">${labels}</ul>${labelCounts.length > 30 ? `<p class="muted">and ${labelCounts.length - 30} more in the feature dashboard</p>` : ''}` : '<p class="muted">No feature is monosemantic.</p>'
        }${singles ? `<p class="muted">Single concepts labelling at least one feature (${singles.length}): ${escapeHtml(singles.join(', ') || 'none')}</p>` : ''}</div>`
      : '';
  const total = run.timings.reduce((s, t) => s + t.seconds, 0);
  const timings = run.timings
    .map((t) => `<tr><td>${escapeHtml(t.step)}</td><td class="num">${format('.2f')(t.seconds)} s</td><td><span class="tbar" style="width:${total > 0 ? ((100 * t.seconds) / total).toFixed(1) : 0}%"></span></td></tr>`)
    .join('');
  const body = `<h1>${escapeHtml(run.title)}</h1>
<p class="lead">Finished ${escapeHtml(run.createdAt)} · backend <b>${escapeHtml(run.backend)}</b>${run.threads === undefined ? '' : ` · ${escapeHtml(String(run.threads))} thread${run.threads === 1 ? '' : 's'}`}${run.seed === undefined ? '' : ` · seed ${escapeHtml(String(run.seed))}`} · ${saeName(run.sae)}, ${escapeHtml(String(run.sae.features))} features on a ${escapeHtml(String(run.mlp.hidden))}-wide hidden layer.</p>
<section class="tiles">${tileHtml}</section>
<section class="charts"><div class="figure" id="training-curve">${curve}</div><div class="figure" id="density">${density}</div></section>
<section class="lists">
<div class="figure"><h2>Reports</h2><ul class="links">${reports}</ul></div>
<div class="figure"><h2>Files</h2><ul class="links">${files || '<li class="muted">none</li>'}</ul></div>
${labelSection}
<div class="figure"><h2>Timings</h2><table class="timings"><tbody>${timings}</tbody><tfoot><tr><td>Total</td><td class="num">${format('.2f')(total)} s</td><td></td></tr></tfoot></table></div>
</section>`;
  return renderHtmlPage({ title: `${run.title} · interp`, current: 'index', body, css: INDEX_CSS });
}

const INDEX_CSS = `
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin-bottom: 14px; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.tile-name { color: var(--muted); font-size: 12.5px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
.tile-value { font-size: 26px; font-weight: 800; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 14px; margin-bottom: 14px; }
.charts .figure svg.chart { max-height: 420px; }
.lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; }
.lists h2 { font-size: 15px; margin: 0 0 8px; }
#labels ul.links { columns: 2; column-gap: 28px; } #labels ul.links li { break-inside: avoid; }
ul.links { margin: 0; padding-left: 18px; } ul.links li { margin: 3px 0; overflow-wrap: anywhere; }
table.timings { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.timings td { padding: 3px 6px; border-top: 1px solid #eee; } table.timings td:last-child { width: 30%; } table.timings td.num { text-align: right; white-space: nowrap; }
table.timings tfoot td { font-weight: 700; }
.tbar { display: inline-block; height: 9px; background: #0072b2; border-radius: 2px; }
`;
