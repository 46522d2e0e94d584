import { format } from 'd3';
import { escapeHtml } from './escapeHtml';
import { reportFiles, reportTitles, type ReportKey } from './reportFiles';
import { renderHistogramSvg } from './renderHistogramSvg';
import { renderHtmlPage } from './renderHtmlPage';
import { renderLineChartSvg, type LineSeries } from './renderLineChartSvg';
import { computeParetoFrontier, renderParetoSvg } from './renderParetoSvg';
import type { RunSummary } from '@interp/report-types';

/** "TopK SAE (k = 32)", "ReLU SAE", or "SAE" when the architecture is unknown; escaped. */
function saeName(sae: RunSummary['sae']): string {
  const names: Record<string, string> = { topk: 'TopK', relu: 'ReLU' };
  const arch = sae.architecture === undefined ? '' : `${Object.hasOwn(names, sae.architecture) ? names[sae.architecture] : sae.architecture} `;
  return escapeHtml(`${arch}SAE${sae.k === undefined ? '' : ` (k = ${sae.k})`}`);
}

/** The sweep section: a table of every SAE (Pareto-frontier and chosen SAE marked) and the L0 vs FVE plot. */
function renderSweepSection(sweep: NonNullable<RunSummary['sweep']>): string {
  const points = sweep.rows.map((r) => ({ label: r.label, l0: r.l0, fve: r.fve }));
  const frontier = new Set(computeParetoFrontier(points));
  const pct1 = format('.1%');
  const sparsity = (r: (typeof sweep.rows)[number]) =>
    r.k !== null ? `k = ${r.k}` : r.targetL0 !== null ? `target L0 ${format('.3~g')(r.targetL0)}` : r.l1Coefficient !== null ? `L1 ${format('.3~g')(r.l1Coefficient)}` : '';
  const rows = sweep.rows
    .map(
      (r, i) =>
        `<tr${sweep.chosen === r.index ? ' class="chosen"' : ''}><td class="num">${r.index}</td><td>${escapeHtml(r.label)}${sweep.chosen === r.index ? ' <span class="muted">(used by this run)</span>' : ''}</td><td>${escapeHtml(r.architecture)}</td><td>${escapeHtml(sparsity(r))}</td><td class="num">${r.dSae}</td><td class="num">${pct1(r.fve)}</td><td class="num">${format('.1f')(r.l0)}</td><td class="num">${pct1(r.deadFraction)}</td><td>${frontier.has(i) ? 'yes' : ''}</td></tr>`,
    )
    .join('');
  const split = sweep.rows.every((r) => r.split === 'validation') ? 'held-out rows' : 'the rows each SAE was evaluated on';
  const note = `${sweep.rows.length} SAEs trained on the same batches${sweep.batchesRead === undefined ? '' : ` (${sweep.batchesRead} batches read once each)`}${sweep.seconds === undefined ? '' : ` in ${format('.1f')(sweep.seconds)} s`}; FVE and L0 on ${split}.`;
  return `<section class="charts" id="sweep"><div class="figure"><h2>SAE sweep</h2><p class="muted">${escapeHtml(note)}</p><table class="sweep"><thead><tr><th>#</th><th>SAE</th><th>architecture</th><th>sparsity</th><th>dSae</th><th>FVE</th><th>L0</th><th>dead</th><th>Pareto</th></tr></thead><tbody>${rows}</tbody></table></div><div class="figure" id="pareto">${renderParetoSvg(points, { title: 'Sweep: L0 vs FVE (Pareto frontier highlighted)' })}</div></section>`;
}

/**
 * Renders `index.html`, the run summary: MLP test MSE and training curve, SAE
 * variance explained, L0, dead fraction and density histogram, MSE recovered,
 * monosemantic share, a sweep table and L0 vs FVE Pareto plot when several SAEs were trained, per-step timings, the files written and links to every
 * report. Self-contained (d3 inlined), tooltips on every chart mark.
 *
 * @example
 * ```ts
 * import { createFixtureRun, renderRunSummaryHtml } from '@interp/viz';
 * const html = renderRunSummaryHtml(createFixtureRun({ features: 64 }).run);
 * ```
 */
export function renderRunSummaryHtml(run: RunSummary, options: { reports?: readonly ReportKey[] } = {}): string {
  const f4 = format('.4f');
  const pct1 = format('.1%');
  const { mlp, probe, labels, dictionary, activations } = run;
  const tiles: Array<[string, string, string]> = [];
  if (mlp) tiles.push(['MLP test MSE', f4(mlp.testMse), `test-split mean squared error, hidden width ${mlp.hidden}`]);
  const explained = mlp ? 'the hidden activations\u2019' : 'the activations\u2019';
  tiles.push(
    ['SAE variance explained', pct1(run.sae.fve), `fraction of ${explained} variance the SAE reconstruction explains`],
    ['SAE L0', format('.1f')(run.sae.l0), `mean active features per row, of ${run.sae.features}`],
    ['Dead features', pct1(run.sae.deadFraction), `features that never fire on the ${mlp ? 'harvested' : ''} rows`.replace('  ', ' ')],
  );
  if (probe) {
    tiles.push(
      ['MSE recovered', `${format('.1f')(probe.mseRecovered)}%`, `splice test: clean ${f4(probe.mseClean)}, SAE spliced ${f4(probe.mseSpliced)}, zero-ablated ${f4(probe.mseZeroAblated)}`],
      ['Monosemantic share', pct1(probe.monosemanticShare), `${probe.monosemanticCount} of ${probe.scoredCount} features firing on >= 20 rows have a ground-truth concept with precision >= 90%`],
    );
  }
  if (labels) {
    tiles.push(['Monosemantic share', pct1(labels.monosemanticShare), `${labels.monosemanticCount} of ${labels.scoredCount} features firing on >= ${labels.minFiring} rows have a label of ${labels.source} with precision >= 90%`]);
  }
  if (dictionary) {
    tiles.push(
      ['True features recovered', pct1(dictionary.recoveredFraction), `${dictionary.recovered} of ${dictionary.trueFeatures} true directions have a decoder direction at cosine > ${dictionary.recoveryThreshold}`],
      ['Mean max cosine', format('.3f')(dictionary.meanMaxCosine), `mean over the ${dictionary.trueFeatures} true features of the best cosine with any of ${dictionary.latents} latents; ${dictionary.splitFeatures} split, ${dictionary.absorbingLatents} absorbing latents`],
    );
  }
  const tileHtml = tiles
    .map(([name, value, tip]) => `<div class="tile" data-tip="${escapeHtml(tip)}"><div class="tile-name">${escapeHtml(name)}</div><div class="tile-value">${escapeHtml(value)}</div></div>`)
    .join('');
  const series: LineSeries[] = [];
  const train = (mlp?.curve ?? []).filter((p) => p.trainMse !== undefined).map((p) => [p.epoch, p.trainMse as number] as [number, number]);
  const val = (mlp?.curve ?? []).filter((p) => p.valMse !== undefined).map((p) => [p.epoch, p.valMse as number] as [number, number]);
  if (train.length) series.push({ name: 'train MSE', points: train });
  if (val.length) series.push({ name: 'validation MSE', points: val });
  const positive = series.every((s) => s.points.every((p) => p[1] > 0));
  const curve = mlp ? renderLineChartSvg(series, { title: 'MLP training curve', xLabel: 'epoch', yLabel: positive ? 'MSE (log scale)' : 'MSE', logY: positive && series.length > 0 }) : '';
  const recovery = dictionary
    ? renderHistogramSvg(dictionary.maxCosine, { title: 'Recovered vs true features', xLabel: 'best cosine of a true feature with any decoder direction', yLabel: 'true features' })
    : '';
  const density = renderHistogramSvg(run.sae.densityLog10, { title: 'SAE feature density', xLabel: 'log10 firing frequency (alive features)', yLabel: 'features' });
  const pages = options.reports ?? reportTitles.map(([key]) => key);
  const reports = reportTitles
    .filter(([key]) => key !== 'index' && pages.includes(key))
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
  const labelCounts = probe?.labelCounts ?? labels?.labelCounts ?? [];
  const labelItems = labelCounts
    .slice(0, 30)
    .map((l) => `<li><a href="${reportFiles.features}#${escapeHtml(encodeURIComponent(l.concept))}">${escapeHtml(l.concept)}</a> <span class="muted">${l.features} feature${l.features === 1 ? '' : 's'}</span></li>`)
    .join('');
  const singles = probe?.labellingSingles;
  const labelSection =
    labelCounts.length || singles
      ? `<div class="figure" id="labels"><h2>Ground-truth labels</h2>${
          labelItems ? `<ul class="links">${labelItems}</ul>${labelCounts.length > 30 ? `<p class="muted">and ${labelCounts.length - 30} more in the feature dashboard</p>` : ''}` : '<p class="muted">No feature is monosemantic.</p>'
        }${singles ? `<p class="muted">Single concepts labelling at least one feature (${singles.length}): ${escapeHtml(singles.join(', ') || 'none')}</p>` : ''}</div>`
      : '';
  const total = run.timings.reduce((s, t) => s + t.seconds, 0);
  const timings = run.timings
    .map((t) => `<tr><td>${escapeHtml(t.step)}</td><td class="num">${format('.2f')(t.seconds)} s</td><td><span class="tbar" style="width:${total > 0 ? ((100 * t.seconds) / total).toFixed(1) : 0}%"></span></td></tr>`)
    .join('');
  const body = `<h1>${escapeHtml(run.title)}</h1>
<p class="lead">Finished ${escapeHtml(run.createdAt)} · backend <b>${escapeHtml(run.backend)}</b>${run.threads === undefined ? '' : ` · ${escapeHtml(String(run.threads))} thread${run.threads === 1 ? '' : 's'}`}${run.seed === undefined ? '' : ` · seed ${escapeHtml(String(run.seed))}`} · ${saeName(run.sae)}, ${escapeHtml(String(run.sae.features))} features on ${
    mlp
      ? `a ${escapeHtml(String(mlp.hidden))}-wide hidden layer`
      : activations
        ? `${escapeHtml(String(activations.rows))} rows of ${escapeHtml(String(activations.width))}-wide activations${activations.hook ? ` at ${escapeHtml(activations.hook)}` : ''} from ${escapeHtml(activations.source)}`
        : 'its activations'
  }.</p>
<section class="tiles">${tileHtml}</section>
<section class="charts">${curve ? `<div class="figure" id="training-curve">${curve}</div>` : ''}${recovery ? `<div class="figure" id="recovery">${recovery}</div>` : ''}<div class="figure" id="density">${density}</div></section>
${run.sweep && run.sweep.rows.length > 0 ? renderSweepSection(run.sweep) : ''}
<section class="lists">
<div class="figure"><h2>Reports</h2><ul class="links">${reports}</ul></div>
<div class="figure"><h2>Files</h2><ul class="links">${files || '<li class="muted">none</li>'}</ul></div>
${labelSection}
<div class="figure"><h2>Timings</h2><table class="timings"><tbody>${timings}</tbody><tfoot><tr><td>Total</td><td class="num">${format('.2f')(total)} s</td><td></td></tr></tfoot></table></div>
</section>`;
  return renderHtmlPage({ title: `${run.title} · interp`, current: 'index', body, css: INDEX_CSS, ...(options.reports ? { reports: options.reports } : {}) });
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
table.sweep { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
table.sweep th { text-align: left; color: var(--muted); font-weight: 600; padding: 3px 6px; } table.sweep td { padding: 3px 6px; border-top: 1px solid #eee; }
table.sweep td.num { text-align: right; white-space: nowrap; } table.sweep tr.chosen td { background: #fff7e6; font-weight: 600; }
.tbar { display: inline-block; height: 9px; background: #0072b2; border-radius: 2px; }
`;
