import { describe, expect, it } from 'vitest';
import { createFixtureRun } from './createFixtureRun';
import { renderReports } from './renderReports';
import { reportFiles } from './reportFiles';

const data = createFixtureRun({ features: 96, seed: 11 });
const pages = renderReports(data);

function embeddedJson(html: string): unknown {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no embedded data');
  return JSON.parse(m[1] as string);
}

describe('renderReports', () => {
  it('renders the five reports under the reference run names', () => {
    expect(Object.keys(pages).sort()).toEqual(Object.values(reportFiles).sort());
  });

  it('makes every page self-contained: d3 inlined with its license, no external URL loaded', () => {
    for (const [name, html] of Object.entries(pages)) {
      expect(html, name).toContain('Copyright 2010-2023 Mike Bostock');
      expect(html, name).toContain('https://d3js.org v7.9.0');
      expect(html, name).not.toMatch(/<script[^>]+src=/);
      expect(html, name).not.toMatch(/<link[^>]+href="https?:/);
      expect(html, name).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
    expect(pages['uhd_bold_sankey.html']).toContain('d3-sankey v0.12.3');
  });

  it('links every report from the navigation of every page', () => {
    for (const html of Object.values(pages)) {
      for (const file of Object.values(reportFiles)) expect(html).toContain(`href="${file}"`);
    }
  });

  it('embeds only the alive features in the dashboard and counts the dead', () => {
    const json = embeddedJson(pages['features.html'] as string) as { total: number; dead: number; features: Array<{ id: number }> };
    const alive = data.features.filter((f) => f.frequency > 0);
    expect(json.total).toBe(96);
    expect(json.features.map((f) => f.id)).toEqual(alive.map((f) => f.id));
    expect(json.dead).toBe(96 - alive.length);
  });

  it('escapes a hostile label in page markup and in the embedded JSON', () => {
    const evil = createFixtureRun({ features: 16, seed: 2, deadFraction: 0 });
    const label = '</script><script>window.pwned=1</script>\u2028';
    for (const f of evil.features) f.label = label;
    for (const c of evil.trace.heatmap.columns) if (c.kind === 'feature') c.label = label;
    for (const p of evil.trace.positions) for (const n of p.neurons) for (const f of n.features) f.label = label;
    const out = renderReports(evil);
    for (const [name, html] of Object.entries(out)) {
      expect(html, name).not.toContain('window.pwned=1</script>');
      expect(html, name).not.toContain('\u2028');
    }
    const json = embeddedJson(out['features.html'] as string) as { features: Array<{ label: string }> };
    expect(json.features[0]?.label).toBe(label);
  });
});

describe('renderReports on degenerate data', () => {
  it('renders empty traces, curves and feature lists without NaN or Infinity in the markup', () => {
    const base = createFixtureRun({ features: 4, seed: 1, deadFraction: 0 });
    const empty = {
      run: { ...base.run, mlp: { ...base.run.mlp, curve: [] }, sae: { ...base.run.sae, densityLog10: { min: 0, max: 0, counts: [] } }, files: [], timings: [] },
      trace: { inputNames: base.trace.inputNames, positions: [], heatmap: { rows: [], columns: [], values: [] } },
      features: base.features.map((f) => ({ ...f, frequency: 0, firingCount: 0, topRows: [], alignedNeurons: [], histogram: { min: 0, max: 0, counts: [] } })),
    };
    const out = renderReports(empty);
    for (const [name, html] of Object.entries(out)) {
      const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '');
      expect(markup, name).not.toMatch(/NaN|Infinity/);
    }
    expect(out['uhd_bold_sankey.html']).not.toContain('class="node"');
  });

  it('handles a single-valued histogram and a feature without aligned neurons', () => {
    const data = createFixtureRun({ features: 6, seed: 2, deadFraction: 0 });
    data.features[0] = { ...data.features[0]!, histogram: { min: 0.5, max: 0.5, counts: [7] }, stdActivation: 0, alignedNeurons: [] };
    const out = renderReports(data);
    for (const [name, html] of Object.entries(out)) expect(html.replace(/<script>[\s\S]*?<\/script>/g, ''), name).not.toMatch(/NaN|Infinity/);
  });
});

describe('renderRunSummaryHtml labels', () => {
  it('lists each ground-truth label with its feature count, linked to the dashboard search', async () => {
    const { renderRunSummaryHtml } = await import('./renderRunSummaryHtml');
    const run = createFixtureRun({ features: 8, seed: 1 }).run;
    run.probe.labelCounts = [
      { concept: 'p1=2', features: 3 },
      { concept: 'a>=5 & b<3', features: 1 },
    ];
    run.probe.labellingSingles = ['a>=5', 'b<3', 'p1=2'];
    const html = renderRunSummaryHtml(run);
    expect(html).toContain('<a href="features.html#p1%3D2">p1=2</a> <span class="muted">3 features</span>');
    expect(html).toContain('<a href="features.html#a%3E%3D5%20%26%20b%3C3">a&gt;=5 &amp; b&lt;3</a> <span class="muted">1 feature</span>');
    expect(html).toContain('(3): a&gt;=5, b&lt;3, p1=2');
  });
});

describe('renderReports without a circuit trace (an SAE on any activations)', () => {
  it('renders the run summary and the dashboard only, linked to each other, without task-only sections', () => {
    const base = createFixtureRun({ features: 8, seed: 2, deadFraction: 0 });
    const { mlp: _mlp, probe: _probe, ...run } = base.run;
    const data = {
      run: {
        ...run,
        activations: { source: 'acts.npy', rows: 1000, width: 64, hook: 'blocks.0.hook_resid_post' },
        dictionary: { trueFeatures: 16, latents: 8, recovered: 6, recoveredFraction: 0.375, recoveryThreshold: 0.9, meanMaxCosine: 0.71, splitFeatures: 0, absorbingLatents: 1, maxCosine: { min: 0, max: 1, counts: [0, 2, 8, 6] } },
      },
      inputNames: ['row'],
      features: base.features.map(({ outputEffect: _o, correlations: _c, ...f }) => ({ ...f, topRows: f.topRows.map((r) => ({ inputs: [7], activation: r.activation })), trueFeature: { id: 3, cosine: 0.95 } })),
    };
    const pages = renderReports(data);
    expect(Object.keys(pages).sort()).toEqual(['features.html', 'index.html']);
    const index = pages['index.html']!;
    expect(index).toContain('1000 rows of 64-wide activations at blocks.0.hook_resid_post from acts.npy');
    expect(index).toContain('True features recovered');
    expect(index).toContain('37.5%');
    expect(index).not.toContain('MLP test MSE');
    expect(index).not.toContain('logic_circuit_map.html');
    expect(pages['features.html']).not.toContain('uhd_bold_sankey.html');
    expect(pages['features.html']).toContain('"unitName":"dimension"');
  });
});

describe('renderRunSummaryHtml sweep', () => {
  it('shows a sweep table (frontier and chosen SAE marked) and the Pareto plot when the run has a sweep, nothing otherwise', async () => {
    const { renderRunSummaryHtml } = await import('./renderRunSummaryHtml');
    const run = createFixtureRun({ features: 8, seed: 1 }).run;
    expect(renderRunSummaryHtml(run)).not.toContain('id="sweep"');
    const row = (index: number, label: string, l0: number, fve: number) => ({ index, label, architecture: 'topk', k: l0, targetL0: null, l1Coefficient: null, dSae: 64, fve, l0, deadFraction: 0.25, split: 'validation' });
    run.sweep = { rows: [row(0, 'topk k=4', 4, 0.6), row(1, 'topk <b>8</b>', 8, 0.8), { ...row(2, 'relu', 12, 0.7), architecture: 'relu', k: null, l1Coefficient: 0.5 }], chosen: 1, batchesRead: 42, seconds: 3.5 };
    const html = renderRunSummaryHtml(run);
    const table = /<table class="sweep">([\s\S]*?)<\/table>/.exec(html)![1]!;
    const cells = [...table.matchAll(/<tr[^>]*><td class="num">(\d)<\/td>([\s\S]*?)<\/tr>/g)].map((m) => m[2]!);
    expect(cells).toHaveLength(3);
    expect(cells[1]).toContain('topk &lt;b&gt;8&lt;/b&gt; <span class="muted">(used by this run)</span>');
    expect(cells[2]).toContain('L1 0.5');
    expect(cells.map((c) => c.endsWith('<td>yes</td>'))).toEqual([true, true, false]);
    expect(html).toContain('(42 batches read once each)');
    expect((/<svg[^>]*class="chart pareto"[\s\S]*?<\/svg>/.exec(html)?.[0].match(/<circle class="point/g) ?? []).length).toBe(3);
  });
});
