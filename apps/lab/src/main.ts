import { generateSplits, getInputColumns } from '@interp/dataset';
import { harvestActivations } from '@interp/harvest';
import { evaluateMlp, mlpFromSafetensors, type Mlp } from '@interp/models';
import { runProbeStages } from '@interp/pipeline';
import { runSpliceTest, type CircuitTrace, type FeatureSummary } from '@interp/probe';
import { deserializeSae, evaluateSae, resolveThreads, type Sae } from '@interp/sae';
import { escapeHtml, renderLineChartSvg, renderReports, reportFiles, reportTitles, type ReportData, type ReportKey } from '@interp/viz';
import { buildLabFigures } from './buildLabFigures';
import { createEditedSae, type FeatureEdit, type FeatureSteer } from './editSae';
import { createZip, type ZipEntry } from './createZip';
import { exportRunFiles } from './exportRun';
import { initBackend, type LabBackendRequest } from './initBackend';
import { findConfigProblem, labPresets, type LabConfig, type LabPresetName } from './labConfig';
import { probeRow } from './probeRow';
import { readRunFiles, RunFileError, type RunFile } from './readRunFiles';
import { linkReportToProbe } from './linkReportToProbe';
import { labSteps, type LabFigures, type LabRun, type LabStep } from './runLabPipeline';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

// ---------------------------------------------------------------- page skeleton
const columns = getInputColumns();
const POINTERS = new Set([4, 9]);
const app = document.getElementById('app') as HTMLElement;
app.innerHTML = `
<header>
  <h1>interp lab</h1>
  <span class="sub">Towards Monosemanticity, live: train an MLP and a sparse autoencoder in this page, then poke its features.</span>
  <span>status: <b data-testid="status" id="status">starting</b></span>
  <span>backend: <span class="pill" data-testid="backend" id="backend">starting…</span></span>
  <span class="muted" id="privacy">Everything runs in this browser; no file leaves it.</span>
</header>
<main>
  <section class="card" id="train-card">
    <h2>1. Train, live</h2>
    <div class="row">
      <label class="knob">preset<select id="preset"><option value="quick">quick</option><option value="reference">reference</option><option value="tiny">tiny</option></select></label>
      <label class="knob">hidden width<input id="k-hidden" type="number" min="4" max="4096"></label>
      <label class="knob">dSae<input id="k-dsae" type="number" min="2" max="16384"></label>
      <label class="knob">k (or target L0)<input id="k-k" type="number" min="1" max="1024"></label>
      <label class="knob">architecture<select id="k-arch"><option value="topk">topk</option><option value="relu">relu (L1)</option><option value="batchtopk">batchtopk</option><option value="jumprelu">jumprelu</option><option value="matryoshka">matryoshka</option><option value="gated">gated</option></select></label>
      <label class="knob">SAE epochs<input id="k-epochs" type="number" min="1" max="1000"></label>
      <label class="knob">seed<input id="k-seed" type="number" min="0"></label>
      <label class="knob">backend<select id="k-backend"><option value="wasm">wasm SIMD</option><option value="webgpu">WebGPU (opt-in; tested on software WebGPU only)</option></select></label>
    </div>
    <div class="row">
      <button class="primary" data-testid="train" id="train">Train</button>
      <button data-testid="stop" id="stop" disabled>Stop</button>
      <span class="error" id="train-error" role="alert"></span>
    </div>
    <div class="steps" id="steps"></div>
    <div class="metrics">
      <div class="metric"><div class="name">MLP test MSE</div><div class="value" data-testid="metric-test-mse" id="m-testmse">–</div></div>
      <div class="metric"><div class="name">SAE FVE (held out)</div><div class="value" data-testid="metric-fve" id="m-fve">–</div></div>
      <div class="metric"><div class="name">SAE L0</div><div class="value" data-testid="metric-l0" id="m-l0">–</div></div>
      <div class="metric"><div class="name">dead fraction</div><div class="value" data-testid="metric-dead" id="m-dead">–</div></div>
      <div class="metric"><div class="name">MSE recovered</div><div class="value" data-testid="metric-mse-recovered" id="m-rec">–</div></div>
      <div class="metric"><div class="name">monosemantic</div><div class="value" data-testid="metric-mono" id="m-mono">–</div></div>
    </div>
    <div class="muted" id="figures-source"></div>
    <div class="curves"><div id="curve-mlp"></div><div id="curve-sae"></div></div>
  </section>

  <section class="card" id="probe-card">
    <h2>2. Probe, live</h2>
    <div class="row"><label class="knob" style="flex:1">row (8 digits, 2 pointers; comma-separated)<input data-testid="row-input" id="row-input" style="width:100%" value="8,9,5,1,3,2,9,4,7,1"></label></div>
    <div class="editor" id="editor"></div>
    <div class="error" id="row-error" role="alert"></div>
    <div class="outputs">
      <div class="metric"><div class="name">MLP output</div><div class="value" data-testid="mlp-output" id="mlp-output">–</div></div>
      <div class="metric"><div class="name">true target |a-b|</div><div class="value" data-testid="true-target" id="true-target">–</div></div>
      <div class="metric"><div class="name">SAE spliced in</div><div class="value" data-testid="sae-output" id="sae-output">–</div></div>
      <div class="metric"><div class="name">edited SAE spliced in</div><div class="value" data-testid="spliced-output" id="spliced-output">–</div></div>
    </div>
    <div class="muted" id="probe-time"></div>
    <h2 style="margin-top:10px">Features that fire <span class="muted" id="active-count"></span></h2>
    <ol class="features" data-testid="active-features" id="active-features"></ol>

    <h2 style="margin-top:10px">3. Intervene</h2>
    <div class="row">
      <label class="knob">ablate feature<input data-testid="ablate-feature" id="ablate-feature" type="number" min="0" placeholder="id"></label>
      <label class="knob">feature<input id="edit-feature" type="number" min="0" placeholder="id"></label>
      <label class="knob">edit<select id="edit-mode"><option value="clamp">clamp to</option><option value="scale">scale by</option><option value="steer">steer +</option></select></label>
      <label class="knob">value<input id="edit-value" type="number" step="0.5" value="2"></label>
      <button id="edit-add">Add</button>
      <button id="edit-clear">Clear all</button>
    </div>
    <ul class="edits" id="edits"></ul>
    <div class="muted">Splice test of the edited SAE on the test split: <b data-testid="edited-mse-recovered" id="edited-rec">–</b></div>
  </section>

  <section class="card wide" id="feature-card-section">
    <h2>Feature card</h2>
    <div id="feature-card" class="muted">Click a feature above.</div>
  </section>

  <section class="card wide">
    <h2>4. Browse</h2>
    <div class="row tabs" id="tabs"></div>
    <iframe class="viz" id="viz" title="report" sandbox="allow-scripts"></iframe>
  </section>

  <section class="card wide">
    <h2>5. Bring and take</h2>
    <div class="drop" id="drop">
      Drop the output folder of <code>interp run</code> here, or pick its files:
      <input data-testid="load-run" id="load-run" type="file" multiple>
      or the folder: <input id="load-folder" type="file" webkitdirectory multiple>
    </div>
    <div class="error" id="load-error" role="alert"></div>
    <div id="load-info" class="muted"></div>
    <div class="row"><button id="download" data-testid="download" disabled>Download this run (.zip, the CLI's layout)</button>
    <span class="muted">Unzip it into a folder DIR; then <code>interp probe --out DIR --input 8,9,5,1,3,2,9,4,7,1</code> works on it.</span></div>
  </section>
</main>`;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

// ---------------------------------------------------------------- state
interface Current {
  model: Mlp;
  sae: Sae;
  hook: string;
  features: FeatureSummary[];
  trace?: CircuitTrace;
  test?: { rows: number; inputs: Float32Array; targets: Float32Array };
  files: ZipEntry[];
  report?: ReportData;
}
let current: Current | undefined;
let edited: Sae | undefined;
let edits: FeatureEdit[] = [];
let steers: FeatureSteer[] = [];
let worker: Worker | undefined;
let row = [8, 9, 5, 1, 3, 2, 9, 4, 7, 1];
let pageBackend = '';
let selectedFeature: number | undefined;
let activeTab: ReportKey = 'features';

const setStatus = (text: string): void => {
  $('status').textContent = text;
};
const fmt = (v: number, digits = 4): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const setValue = (id: string, value: number, text: string): void => {
  const el = $(id);
  el.textContent = text;
  el.dataset.value = String(value);
};

// ---------------------------------------------------------------- knobs
function showPreset(name: LabPresetName): void {
  const c = labPresets[name];
  $<HTMLInputElement>('k-hidden').value = String(c.mlp.hiddenSize);
  $<HTMLInputElement>('k-dsae').value = String(c.sae.dSae);
  $<HTMLInputElement>('k-k').value = String(c.sae.k);
  $<HTMLSelectElement>('k-arch').value = c.sae.architecture;
  $<HTMLInputElement>('k-epochs').value = String(c.sae.epochs);
  $<HTMLInputElement>('k-seed').value = String(c.seed);
}
const presetSelect = $<HTMLSelectElement>('preset');
const initialPreset = new URLSearchParams(location.search).get('preset');
if (initialPreset && initialPreset in labPresets) presetSelect.value = initialPreset;
showPreset(presetSelect.value as LabPresetName);
presetSelect.addEventListener('change', () => showPreset(presetSelect.value as LabPresetName));

function readConfig(): LabConfig {
  const config = structuredClone(labPresets[presetSelect.value as LabPresetName]);
  const num = (id: string): number => Number($<HTMLInputElement>(id).value);
  config.mlp.hiddenSize = num('k-hidden');
  config.sae.dSae = num('k-dsae');
  config.sae.k = num('k-k');
  config.sae.architecture = $<HTMLSelectElement>('k-arch').value as LabConfig['sae']['architecture'];
  config.sae.epochs = num('k-epochs');
  config.seed = num('k-seed');
  return config;
}

// ---------------------------------------------------------------- training
const stepNames: Record<LabStep, string> = {
  generate: 'dataset',
  'train-mlp': 'MLP',
  harvest: 'harvest',
  'train-sae': 'SAE',
  probe: 'probe',
};
function resetSteps(): void {
  $('steps').innerHTML = labSteps
    .map((s) => `<span>${stepNames[s]}</span><progress id="p-${s}" max="1" value="0"></progress><span id="d-${s}" class="muted"></span>`)
    .join('');
}
resetSteps();

let mlpCurve: Array<{ epoch: number; trainMse: number; valMse?: number }> = [];
let saeCurve: Array<{ step: number; fve: number; l0: number; deadFraction: number }> = [];
let curveTimer: number | undefined;
function drawCurves(): void {
  curveTimer = undefined;
  const mlpSeries = [
    { name: 'train MSE', points: mlpCurve.map((p) => [p.epoch, p.trainMse] as [number, number]) },
    { name: 'val MSE', points: mlpCurve.filter((p) => p.valMse !== undefined).map((p) => [p.epoch, p.valMse as number] as [number, number]) },
  ].filter((s) => s.points.length > 0);
  const saeSeries = [
    { name: 'FVE', points: saeCurve.map((p) => [p.step, p.fve] as [number, number]) },
    { name: 'dead fraction', points: saeCurve.map((p) => [p.step, p.deadFraction] as [number, number]) },
  ].filter((s) => s.points.length > 0);
  $('curve-mlp').innerHTML = mlpSeries.length
    ? renderLineChartSvg(mlpSeries, { title: 'MLP', xLabel: 'epoch', yLabel: 'MSE', width: 420, height: 220 })
    : '';
  $('curve-sae').innerHTML = saeSeries.length
    ? renderLineChartSvg(saeSeries, { title: `SAE (L0 ${fmt(saeCurve[saeCurve.length - 1]?.l0 ?? Number.NaN, 1)})`, xLabel: 'step', yLabel: 'fraction', width: 420, height: 220 })
    : '';
}
// The page redraws the live curves and progress bars a few times a second, not on every event: while a run
// trains, the worker's threads use every core, and each redraw (style, layout, paint) takes a core from them
// (drawing every event made the quick preset's MLP step 1.7x slower on 2 cores).
const CURVE_EVERY_MS = 500;
const PROGRESS_EVERY_MS = 250;
const scheduleCurves = (): void => {
  curveTimer ??= window.setTimeout(drawCurves, CURVE_EVERY_MS);
};
const pendingProgress = new Map<LabStep, { done: number; total: number; detail?: string }>();
let progressTimer: number | undefined;
function drawProgress(): void {
  progressTimer = undefined;
  for (const [step, e] of pendingProgress) {
    const bar = $<HTMLProgressElement>(`p-${step}`);
    bar.max = Math.max(1, e.total);
    bar.value = e.done;
    $(`d-${step}`).textContent = e.detail ?? `${e.done}/${e.total}`;
  }
  pendingProgress.clear();
}
const scheduleProgress = (): void => {
  progressTimer ??= window.setTimeout(drawProgress, PROGRESS_EVERY_MS);
};

function showFigures(f: LabFigures, source: string): void {
  setValue('m-testmse', f.mlpTestMse, fmt(f.mlpTestMse));
  setValue('m-fve', f.saeFve, fmt(f.saeFve));
  setValue('m-l0', f.saeL0, fmt(f.saeL0, 2));
  setValue('m-dead', f.saeDeadFraction, fmt(f.saeDeadFraction));
  setValue('m-rec', f.mseRecovered, `${fmt(f.mseRecovered, 1)}%`);
  setValue('m-mono', f.monosemanticShare, `${fmt(100 * f.monosemanticShare, 1)}%`);
  $('figures-source').textContent = source;
}
function clearFigures(): void {
  for (const id of ['m-testmse', 'm-fve', 'm-l0', 'm-dead', 'm-rec', 'm-mono']) {
    $(id).textContent = '–';
    delete $(id).dataset.value;
  }
  $('figures-source').textContent = '';
}

function setRunning(running: boolean): void {
  $<HTMLButtonElement>('train').disabled = running;
  $<HTMLButtonElement>('stop').disabled = !running;
}

function startTraining(): void {
  $('train-error').textContent = '';
  const config = readConfig();
  const problem = findConfigProblem(config);
  if (problem) {
    $('train-error').textContent = problem;
    return;
  }
  worker?.terminate();
  pendingProgress.clear();
  resetSteps();
  clearFigures();
  mlpCurve = [];
  saeCurve = [];
  drawCurves();
  setRunning(true);
  setStatus('running');
  backendState.steps = {};
  renderBackendPill();
  const started = performance.now();
  const w = new Worker(new URL('./trainWorker.ts', import.meta.url), { type: 'module' });
  worker = w;
  w.onerror = (e) => {
    e.preventDefault();
    finishWithError(`the training worker failed: ${e.message || 'unknown error'}`);
  };
  w.onmessage = (event: MessageEvent<WorkerReply>) => {
    if (w !== worker) return;
    const msg = event.data;
    if (msg.kind === 'backend') {
      showBackend(msg.description, msg.kernelThreads, msg.warning);
    } else if (msg.kind === 'event') {
      const e = msg.event;
      if (e.kind === 'step') {
        pendingProgress.set(e.step, { done: e.done, total: e.total, ...(e.detail === undefined ? {} : { detail: e.detail }) });
        scheduleProgress();
      } else if (e.kind === 'step-done') {
        pendingProgress.delete(e.step);
        const bar = $<HTMLProgressElement>(`p-${e.step}`);
        bar.value = bar.max;
        $(`d-${e.step}`).textContent = `${e.seconds.toFixed(2)} s`;
        $(`d-${e.step}`).dataset.seconds = String(e.seconds);
      } else if (e.kind === 'threads') {
        backendState.steps[e.step] = { threads: e.threads, ...(e.note === undefined ? {} : { note: e.note }) };
        renderBackendPill();
        if (e.threads !== null) $(`d-${e.step}`).textContent += ` · ${plural(e.threads)}`;
      } else if (e.kind === 'mlp-epoch') {
        mlpCurve.push(e);
        scheduleCurves();
      } else if (e.kind === 'sae-eval') {
        saeCurve.push(e);
        scheduleCurves();
      }
    } else if (msg.kind === 'done') {
      worker = undefined;
      w.terminate();
      try {
        adoptRun(msg.run, (performance.now() - started) / 1000);
        setRunning(false);
        setStatus('done');
      } catch (error) {
        finishWithError((error as Error).message);
      }
    } else {
      finishWithError(msg.message);
    }
  };
  const threads = threadsRequest();
  const request: WorkerRequest = { kind: 'train', config, backend: backendRequest(), ...(typeof threads === 'number' ? { threads } : {}) };
  w.postMessage(request);
}

function finishWithError(message: string): void {
  worker?.terminate();
  worker = undefined;
  setRunning(false);
  setStatus('error');
  $('train-error').textContent = message;
}

$('train').addEventListener('click', startTraining);
$('stop').addEventListener('click', () => {
  worker?.terminate();
  worker = undefined;
  pendingProgress.clear();
  setRunning(false);
  setStatus('stopped');
});

function adoptRun(run: LabRun, seconds: number): void {
  const model = mlpFromSafetensors(run.mlpWeights, { source: 'the trained MLP' });
  const sae = deserializeSae(run.saeFiles);
  mlpCurve = run.mlpCurve;
  saeCurve = run.saeCurve;
  drawCurves();
  const report = buildReport({
    backend: pageBackend,
    seed: run.config.seed,
    hidden: run.config.mlp.hiddenSize,
    figures: run.figures,
    mlpCurve: run.mlpCurve,
    density: run.densityHistogram,
    splice: run.splice,
    features: run.features,
    trace: run.trace,
    timings: Object.entries(run.timings).map(([step, s]) => ({ step, seconds: s ?? 0 })),
  });
  setCurrent({ model, sae, hook: run.config.harvest.hook, features: run.features, trace: run.trace, test: run.test, files: exportRunFiles(run), report });
  showFigures(run.figures, `trained in this page in ${seconds.toFixed(1)} s (seed ${run.config.seed})`);
}

// ---------------------------------------------------------------- current run
function setCurrent(next: Current): void {
  if (edited && edited !== current?.sae) edited.dispose();
  edited = undefined;
  if (current) {
    current.model.dispose();
    current.sae.dispose();
  }
  renderedPages = undefined;
  edits = [];
  steers = [];
  current = next;
  selectedFeature = undefined;
  $('feature-card').innerHTML = '<span class="muted">Click a feature above.</span>';
  $<HTMLButtonElement>('download').disabled = false;
  renderEdits();
  updateProbe();
  renderBrowse();
}

function labelOf(id: number): string {
  const f = current?.features[id];
  return f?.label ?? '';
}

// ---------------------------------------------------------------- row editor and probe
const editor = $('editor');
editor.innerHTML = columns
  .map(
    (name, i) =>
      `<div class="cell${POINTERS.has(i) ? ' pointer' : ''}"><span>${escapeHtml(name)}</span><button data-step="${i}" data-delta="1" aria-label="${escapeHtml(name)} up">▲</button><input id="cell-${i}" type="number" min="0" max="${POINTERS.has(i) ? 3 : 9}" aria-label="${escapeHtml(name)}"><button data-step="${i}" data-delta="-1" aria-label="${escapeHtml(name)} down">▼</button></div>`,
  )
  .join('');
const rowInput = $<HTMLInputElement>('row-input');

function showRow(): void {
  rowInput.value = row.join(',');
  row.forEach((v, i) => {
    const cell = $<HTMLInputElement>(`cell-${i}`);
    if (cell !== document.activeElement || cell.value !== String(v)) cell.value = String(v);
  });
}
function setRow(next: number[]): void {
  row = next;
  showRow();
  updateProbe();
}
function clampCell(i: number, v: number): number {
  const max = POINTERS.has(i) ? 3 : 9;
  return Math.min(max, Math.max(0, Math.round(v)));
}
editor.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest('button');
  if (!button) return;
  const i = Number(button.dataset.step);
  const next = [...row];
  next[i] = clampCell(i, (next[i] ?? 0) + Number(button.dataset.delta));
  setRow(next);
});
editor.addEventListener('input', (event) => {
  const input = event.target as HTMLInputElement;
  const i = Number(input.id.slice(5));
  if (input.value === '') return;
  const next = [...row];
  next[i] = clampCell(i, Number(input.value));
  row = next;
  rowInput.value = row.join(',');
  updateProbe();
});
rowInput.addEventListener('input', () => {
  const parts = rowInput.value.split(',').map((s) => s.trim());
  if (parts.length !== 10 || parts.some((p) => !/^\d+$/.test(p))) {
    $('row-error').textContent = `a row is 10 whole numbers separated by commas (${columns.join(', ')}), got ${parts.length} value(s)`;
    return;
  }
  row = parts.map(Number);
  row.forEach((v, i) => {
    $<HTMLInputElement>(`cell-${i}`).value = String(v);
  });
  updateProbe();
});
showRow();

function updateProbe(): void {
  $('row-error').textContent = '';
  if (!current) return;
  edited ??= edits.length || steers.length ? createEditedSae(current.sae, edits, steers) : current.sae;
  let result;
  try {
    result = probeRow(current.model, current.sae, edited, row, current.hook);
  } catch (error) {
    $('row-error').textContent = (error as Error).message;
    return;
  }
  setValue('mlp-output', result.output, fmt(result.output));
  setValue('true-target', result.target, String(result.target));
  setValue('sae-output', result.spliced, fmt(result.spliced));
  setValue('spliced-output', result.splicedEdited, fmt(result.splicedEdited));
  $('probe-time').textContent = `probe: ${result.ms.toFixed(1)} ms`;
  $('probe-time').dataset.ms = String(result.ms);
  const max = result.active[0]?.activation ?? 1;
  $('active-count').textContent = `(${result.active.length})`;
  $('active-features').innerHTML = result.active
    .map(
      (f) =>
        `<li data-feature-id="${f.feature}" class="${f.feature === selectedFeature ? 'selected' : ''}" title="click: feature card"><span>#${f.feature}</span><span>${escapeHtml(labelOf(f.feature) || 'unlabelled')}</span><span>${fmt(f.activation, 3)}</span><span class="bar" style="width:${Math.round((90 * f.activation) / max)}px"></span></li>`,
    )
    .join('');
}

$('active-features').addEventListener('click', (event) => {
  const li = (event.target as HTMLElement).closest('li');
  if (li?.dataset.featureId) selectFeature(Number(li.dataset.featureId));
});

function selectFeature(id: number): void {
  if (!current) return;
  selectedFeature = id;
  for (const li of $('active-features').querySelectorAll('li')) li.classList.toggle('selected', Number((li as HTMLElement).dataset.featureId) === id);
  const f = current.features[id];
  if (!f) {
    $('feature-card').textContent = `Feature #${id}: no statistics for this run.`;
    return;
  }
  const rows = f.topRows
    .slice(0, 10)
    .map(
      (r, i) =>
        `<tr class="load" data-row="${i}" title="load into the row editor"><td>${r.inputs.join(', ')}</td><td>${fmt(r.activation, 3)}</td><td>${r.target ?? ''}</td></tr>`,
    )
    .join('');
  $('feature-card').innerHTML = `<div class="row"><b>Feature #${id}</b><span>${escapeHtml(f.label ?? 'unlabelled')}</span>
    <span class="muted">fires on ${fmt(100 * f.frequency, 2)}% of rows · mean ${fmt(f.meanActivation, 3)} · max ${fmt(f.maxActivation, 3)} · precision ${fmt(f.precision, 2)}</span>
    <button id="card-ablate">ablate</button><button id="card-steer">steer +2</button><button id="card-dashboard">open in dashboard</button></div>
    <table class="toprows"><tr><th>top-activating row (click to load)</th><th>activation</th><th>target</th></tr>${rows}</table>`;
  $('feature-card').querySelector('table')?.addEventListener('click', (event) => {
    const tr = (event.target as HTMLElement).closest('tr');
    const r = tr?.dataset.row === undefined ? undefined : f.topRows[Number(tr.dataset.row)];
    if (r) setRow([...r.inputs]);
  });
  $('card-ablate').addEventListener('click', () => addEdit({ feature: id, mode: 'ablate', value: 0 }));
  $('card-steer').addEventListener('click', () => addSteer({ feature: id, strength: 2 }));
  $('card-dashboard').addEventListener('click', () => {
    activeTab = 'features';
    renderBrowse(String(id));
  });
}

// ---------------------------------------------------------------- interventions
function editsChanged(): void {
  if (edited && edited !== current?.sae) edited.dispose();
  edited = undefined;
  renderEdits();
  updateProbe();
  scheduleSplice();
}
/** Whether `feature` is a feature of the current SAE; when there is one and it is not, the row editor says so. */
function checkFeature(feature: number): boolean {
  if (!current) return false;
  const dSae = current.sae.config.dSae;
  if (!Number.isInteger(feature) || feature < 0 || feature >= dSae) {
    $('row-error').textContent = `feature must be an integer in [0, ${dSae - 1}], got ${String(feature)}`;
    return false;
  }
  return true;
}
function addEdit(edit: FeatureEdit): void {
  if (!checkFeature(edit.feature)) return;
  edits = [...edits.filter((e) => e.feature !== edit.feature), edit];
  editsChanged();
}
function addSteer(steer: FeatureSteer): void {
  if (!checkFeature(steer.feature)) return;
  steers = [...steers.filter((s) => s.feature !== steer.feature), steer];
  editsChanged();
}
function renderEdits(): void {
  const items = [
    ...edits.map(
      (e, i) =>
        `<li>${e.mode} #${e.feature}${e.mode === 'ablate' ? '' : ` ${e.mode === 'clamp' ? 'to' : 'by'} ${e.value}`} <span class="muted">${escapeHtml(labelOf(e.feature))}</span> <button data-edit="${i}">remove</button></li>`,
    ),
    ...steers.map(
      (s, i) => `<li>steer + ${s.strength} × decoder #${s.feature} <span class="muted">${escapeHtml(labelOf(s.feature))}</span> <button data-steer="${i}">remove</button></li>`,
    ),
  ];
  $('edits').innerHTML = items.join('') || '<li class="muted">No edits: the edited SAE is the SAE.</li>';
}
$('edits').addEventListener('click', (event) => {
  const b = (event.target as HTMLElement).closest('button');
  if (!b) return;
  if (b.dataset.edit !== undefined) edits = edits.filter((_, i) => i !== Number(b.dataset.edit));
  if (b.dataset.steer !== undefined) steers = steers.filter((_, i) => i !== Number(b.dataset.steer));
  editsChanged();
});
$('ablate-feature').addEventListener('change', () => {
  const input = $<HTMLInputElement>('ablate-feature');
  if (input.value === '') return;
  addEdit({ feature: Number(input.value), mode: 'ablate', value: 0 });
});
$('edit-add').addEventListener('click', () => {
  const feature = Number($<HTMLInputElement>('edit-feature').value);
  const value = Number($<HTMLInputElement>('edit-value').value);
  const mode = $<HTMLSelectElement>('edit-mode').value;
  if (mode === 'steer') addSteer({ feature, strength: value });
  else addEdit({ feature, mode: mode as 'clamp' | 'scale', value });
});
$('edit-clear').addEventListener('click', () => {
  edits = [];
  steers = [];
  editsChanged();
});

let spliceTimer: number | undefined;
function scheduleSplice(): void {
  window.clearTimeout(spliceTimer);
  spliceTimer = window.setTimeout(runEditedSplice, 120);
}
function runEditedSplice(): void {
  if (!current?.test) {
    $('edited-rec').textContent = 'needs the test split (train a run, or load one with its .interp records)';
    return;
  }
  const sae = edited ?? current.sae;
  const r = runSpliceTest(current.model, sae, current.test, { hook: current.hook });
  setValue('edited-rec', r.mseRecovered, `${fmt(r.mseRecovered, 1)}% (spliced MSE ${fmt(r.mseSpliced)}, clean ${fmt(r.mseClean)}, zero-ablated ${fmt(r.mseZeroAblated)})`);
}

// ---------------------------------------------------------------- browse
function buildReport(input: {
  backend: string;
  seed: number;
  hidden: number;
  figures: LabFigures;
  mlpCurve: Array<{ epoch: number; trainMse?: number; valMse?: number }>;
  density: { edges: number[]; counts: number[] };
  splice: { mseClean: number; mseSpliced: number; mseZeroAblated: number };
  features: FeatureSummary[];
  trace: CircuitTrace;
  timings: Array<{ step: string; seconds: number }>;
}): ReportData {
  const f = input.figures;
  const edges = input.density.edges;
  return {
    run: {
      title: 'interp lab: SAE features of the index-arithmetic MLP',
      createdAt: new Date().toISOString(),
      backend: input.backend,
      seed: input.seed,
      mlp: { hidden: input.hidden, testMse: f.mlpTestMse, curve: input.mlpCurve },
      sae: {
        features: input.features.length,
        fve: f.saeFve,
        l0: f.saeL0,
        deadFraction: f.saeDeadFraction,
        densityLog10: { min: edges[0] ?? -6, max: edges[edges.length - 1] ?? 0, counts: input.density.counts },
      },
      probe: {
        mseRecovered: f.mseRecovered,
        mseClean: input.splice.mseClean,
        mseSpliced: input.splice.mseSpliced,
        mseZeroAblated: input.splice.mseZeroAblated,
        monosemanticShare: f.monosemanticShare,
        monosemanticCount: f.monosemanticCount,
        scoredCount: f.scoredCount,
      },
      files: [],
      timings: input.timings,
    },
    trace: input.trace,
    features: input.features,
  };
}

let renderedPages: Record<string, string> | undefined;
$('tabs').innerHTML = reportTitles.map(([key, title]) => `<button data-tab="${key}">${escapeHtml(title)}</button>`).join('');
$('tabs').addEventListener('click', (event) => {
  const b = (event.target as HTMLElement).closest('button');
  if (!b?.dataset.tab) return;
  activeTab = b.dataset.tab as ReportKey;
  renderBrowse();
});
// The feature dashboard (in the sandboxed iframe) talks to the page by postMessage: the page asks it to
// show one feature, and it reports a clicked top-activation row, which loads into the row editor.
let pendingFeature: string | undefined;
$<HTMLIFrameElement>('viz').addEventListener('load', () => {
  if (pendingFeature === undefined) return;
  $<HTMLIFrameElement>('viz').contentWindow?.postMessage({ type: 'interp:show-feature', id: Number(pendingFeature) }, '*');
  pendingFeature = undefined;
});
// Every report page also carries linkReportToProbe's script: a click on a feature anywhere (heatmap, bell curves,
// Sankey, dashboard) opens its card here, and a link to another report switches the tab.
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.source !== $<HTMLIFrameElement>('viz').contentWindow) return;
  const m = event.data as { type?: unknown; inputs?: unknown; id?: unknown; file?: unknown } | null;
  if (m?.type === 'interp:feature') {
    if (current && typeof m.id === 'number' && Number.isInteger(m.id) && m.id >= 0 && m.id < current.sae.config.dSae) {
      selectFeature(m.id);
      $('feature-card-section').scrollIntoView({ block: 'nearest' });
    }
    return;
  }
  if (m?.type === 'interp:report') {
    const key = (Object.keys(reportFiles) as ReportKey[]).find((k) => reportFiles[k] === m.file);
    if (key) {
      activeTab = key;
      renderBrowse();
    }
    return;
  }
  if (m?.type !== 'interp:row' || !Array.isArray(m.inputs) || m.inputs.length !== row.length) return;
  if (!m.inputs.every((v) => Number.isInteger(v))) return;
  setRow((m.inputs as number[]).map((v, i) => clampCell(i, v)));
});
function renderBrowse(feature?: string): void {
  for (const b of $('tabs').querySelectorAll('button')) b.classList.toggle('active', (b as HTMLElement).dataset.tab === activeTab);
  const frame = $<HTMLIFrameElement>('viz');
  if (!current?.report) {
    frame.srcdoc = '<p style="font:14px system-ui;color:#5b6570">Train or load a run to browse its reports.</p>';
    renderedPages = undefined;
    return;
  }
  try {
    renderedPages ??= renderReports(current.report);
  } catch (error) {
    frame.srcdoc = `<p style="font:14px system-ui;color:#b42318">The reports could not be drawn: ${escapeHtml((error as Error).message)}</p>`;
    return;
  }
  const html = renderedPages[reportFiles[activeTab]] ?? '';
  pendingFeature = feature;
  frame.srcdoc = linkReportToProbe(html);
}

// ---------------------------------------------------------------- bring and take
async function readFileList(list: Iterable<File>): Promise<RunFile[]> {
  return Promise.all(
    [...list].map(async (f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}

async function loadRun(files: RunFile[]): Promise<void> {
  $('load-error').textContent = '';
  $('load-info').textContent = '';
  if (files.length === 0) return;
  setStatus('loading');
  try {
    const loaded = readRunFiles(files);
    const records = loaded.records;
    const info: string[] = [
      `MLP ${loaded.mlp.config.inputSize} -> ${loaded.mlp.config.hiddenSize} -> ${loaded.mlp.config.bottleneckSize} -> ${loaded.mlp.config.outputSize}; SAE ${loaded.sae.config.activation.type} d_in ${loaded.sae.config.dIn}, d_sae ${loaded.sae.config.dSae} at ${loaded.hook}`,
    ];
    const gen = records.generate?.result as { rows?: { train: number; val: number; test: number }; seed?: number } | undefined;
    const saeRec = records['train-sae']?.result as { heldOutRows?: number } | undefined;
    const entries: ZipEntry[] = files.map((f) => ({ path: f.name.includes('/') ? f.name.slice(f.name.indexOf('/') + 1) : isRecordName(f.name) ? `.interp/${f.name}` : f.name, data: f.bytes }));
    if (!gen?.rows || gen.seed === undefined || !saeRec?.heldOutRows) {
      setCurrent({ model: loaded.mlp, sae: loaded.sae, hook: loaded.hook, features: [], files: entries });
      clearFigures();
      $('figures-source').textContent = 'loaded run: figures need the step records .interp/generate.json and .interp/train-sae.json (pick them too, or drop the whole folder)';
      $('load-info').textContent = info.join(' · ');
      setStatus('done');
      return;
    }
    const splits = generateSplits({ seed: gen.seed, train: gen.rows.train, val: gen.rows.val, test: gen.rows.test });
    const mlpEval = evaluateMlp(loaded.mlp, { inputs: splits.test.inputs, targets: splits.test.targets, rows: splits.test.rows });
    const acts = await harvestActivations(loaded.mlp, splits.train, { hook: loaded.hook });
    const held = saeRec.heldOutRows;
    const heldOut = { data: acts.data.subarray((acts.rows - held) * acts.width), rows: held, width: acts.width };
    const metrics = await evaluateSae(loaded.sae, heldOut);
    const liveness = await evaluateSae(loaded.sae, { data: acts.data, rows: acts.rows, width: acts.width });
    const probe = await runProbeStages(loaded.mlp, loaded.sae, splits.train, splits.test, loaded.hook);
    const figures = buildLabFigures({ mlp: mlpEval, mlpBestValMse: Number.NaN, sae: metrics, liveness, probe });
    const mlpRec = records['train-mlp']?.result as { curve?: Array<{ epoch: number; trainMse: number; valMse?: number }> } | undefined;
    const saeCurveRec = (records['train-sae']?.result as { curve?: Array<{ step: number; fve: number; l0: number; deadFraction: number }> } | undefined)?.curve;
    mlpCurve = mlpRec?.curve ?? [];
    saeCurve = saeCurveRec ?? [];
    drawCurves();
    const report = buildReport({
      backend: pageBackend,
      seed: gen.seed,
      hidden: loaded.mlp.config.hiddenSize,
      figures,
      mlpCurve,
      density: liveness.densityHistogram,
      splice: probe.splice,
      features: probe.features,
      trace: probe.trace,
      timings: Object.values(records).map((r) => ({ step: r.step, seconds: r.seconds })),
    });
    setCurrent({ model: loaded.mlp, sae: loaded.sae, hook: loaded.hook, features: probe.features, trace: probe.trace, test: splits.test, files: entries, report });
    showFigures(figures, 'loaded run: figures recomputed in this page from its files (the CLI recorded the figures below)');
    const cli = [
      ['MLP test MSE', (records['train-mlp']?.result as { testMse?: number } | undefined)?.testMse],
      ['FVE', (records['train-sae']?.result as { fve?: number } | undefined)?.fve],
      ['L0', (records['train-sae']?.result as { l0?: number } | undefined)?.l0],
      ['dead', (records['train-sae']?.result as { deadFraction?: number } | undefined)?.deadFraction],
      ['MSE recovered %', (records.probe?.result as { mseRecovered?: number } | undefined)?.mseRecovered],
    ]
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .map(([k, v]) => `${k} ${fmt(v)}`);
    info.push(`the CLI recorded: ${cli.join(', ') || 'no figures'}`);
    $('load-info').textContent = info.join(' · ');
    setStatus('done');
  } catch (error) {
    setStatus('error');
    $('load-error').textContent =
      error instanceof RunFileError ? error.message : `could not read the run: ${(error as Error).message}`;
  }
}
function isRecordName(name: string): boolean {
  return ['generate.json', 'train-mlp.json', 'harvest.json', 'train-sae.json', 'probe.json', 'report.json'].includes(name);
}

for (const id of ['load-run', 'load-folder']) {
  const input = $<HTMLInputElement>(id);
  input.addEventListener('change', () => {
    void readFileList(input.files ?? []).then(loadRun);
  });
}

async function readEntry(entry: FileSystemEntry, prefix: string, out: RunFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name: `${prefix}${entry.name}`, bytes: new Uint8Array(await file.arrayBuffer()) });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    const children: FileSystemEntry[] = [];
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      children.push(...batch);
    }
    for (const child of children) await readEntry(child, `${prefix}${entry.name}/`, out);
  }
}
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const items = [...(event.dataTransfer?.items ?? [])];
  const entries = items.map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => Boolean(e));
  void (async () => {
    const out: RunFile[] = [];
    if (entries.length) for (const e of entries) await readEntry(e, '', out);
    else out.push(...(await readFileList(event.dataTransfer?.files ?? [])));
    await loadRun(out);
  })();
});

$('download').addEventListener('click', () => {
  if (!current) return;
  const zip = createZip(current.files);
  const url = URL.createObjectURL(new Blob([zip.slice().buffer as ArrayBuffer], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'interp-lab-run.zip';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

// ---------------------------------------------------------------- backend
function backendRequest(): LabBackendRequest {
  if ($<HTMLSelectElement>('k-backend').value === 'webgpu') return 'webgpu';
  // ?wasm=simd: tfjs' one-thread SIMD build even in a cross-origin isolated page (to compare with the threaded build)
  return new URLSearchParams(location.search).get('wasm') === 'simd' ? 'wasm-simd' : 'wasm';
}
/**
 * ?threads=N (1-8): tfjs' threaded wasm runs N threads in the page and the training worker (where the page is
 * cross-origin isolated); without it tfjs runs half the logical cores. A bad value is a message, not a guess.
 */
function threadsRequest(): number | string | undefined {
  const raw = new URLSearchParams(location.search).get('threads');
  if (raw === null) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 8 ? n : `?threads must be an integer from 1 to 8; got ${JSON.stringify(raw)}: tfjs chooses the thread count`;
}
if (new URLSearchParams(location.search).get('backend') === 'webgpu') $<HTMLSelectElement>('k-backend').value = 'webgpu';
interface KernelThreads {
  threads: number;
  cores: number;
  note?: string;
}
/** What the backend pill shows: tfjs' backend in the page and the worker, and the threads of our own kernels. */
const backendState: {
  page: string;
  pageExtras: string;
  worker?: string;
  kernels?: KernelThreads;
  steps: Partial<Record<'train-mlp' | 'train-sae', { threads: number | null; note?: string }>>;
  warnings: string[];
  workerWarning?: string;
} = { page: '', pageExtras: '', steps: {}, warnings: [] };
const plural = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;
/**
 * The pill: `wasm (SIMD, 1 thread), tfjs 4.22.0 (page) · … (training worker) · MLP + SAE kernels: 2 threads of 2
 * cores`, then the threads each training step ran on. tfjs' own thread count ("1 thread" in tfjs' description) is
 * for tfjs' ops; the MLP and SAE steps run @interp/kernels on their own threads (all cores when the page is
 * cross-origin isolated, as in the CLI).
 */
function renderBackendPill(): void {
  const el = $('backend');
  const s = backendState;
  const parts = [s.worker === undefined ? `${s.page}${s.pageExtras}` : `${s.page || '…'} (page) · ${s.worker} (training worker)`];
  const k = s.kernels;
  if (k) parts.push(`MLP + SAE kernels: ${plural(k.threads)} of ${k.cores} core${k.cores === 1 ? '' : 's'}${k.note ? ` (${k.note})` : ''}`);
  const ran = (['train-mlp', 'train-sae'] as const)
    .map((step) => {
      const t = s.steps[step];
      return t ? `${step === 'train-mlp' ? 'MLP' : 'SAE'} ran on ${t.threads === null ? 'tfjs\' threads' : plural(t.threads)}${t.note ? ` (${t.note})` : ''}` : '';
    })
    .filter(Boolean);
  parts.push(...ran);
  el.textContent = parts.join(' · ');
  if (k) el.dataset.kernelThreads = String(k.threads);
  for (const step of ['train-mlp', 'train-sae'] as const) {
    const t = s.steps[step];
    const key = step === 'train-mlp' ? 'mlpThreads' : 'saeThreads';
    if (t) el.dataset[key] = String(t.threads);
    else delete el.dataset[key];
  }
  const warning = [...s.warnings, ...(s.workerWarning === undefined ? [] : [s.workerWarning])].join('; ');
  el.classList.toggle('warn', warning !== '');
  el.title = warning;
}
function showBackend(workerDescription: string, kernels: KernelThreads, warning?: string): void {
  backendState.worker = workerDescription;
  backendState.kernels = kernels;
  if (warning === undefined) delete backendState.workerWarning;
  else backendState.workerWarning = warning;
  renderBackendPill();
}
renderEdits();
renderBrowse();
const pageThreads = threadsRequest();
void initBackend(backendRequest(), typeof pageThreads === 'number' ? pageThreads : undefined)
  .then((b) => {
    pageBackend = b.info.description;
    const el = $('backend');
    backendState.page = b.info.description;
    backendState.pageExtras = `${b.isolated ? '' : ' · not cross-origin isolated: 1 wasm thread'}${b.info.tfjsName === 'webgpu' ? '' : ` · WebGPU: ${'gpu' in navigator ? 'available, opt-in' : 'not in this browser'}`}${typeof pageThreads === 'string' ? ` · ${pageThreads}` : ''}`;
    // the page's own answer; the training worker reports its own when a run starts (the same isolation)
    backendState.kernels = resolveThreads(undefined);
    // @interp/backend names the backends it picks itself (node, wasm, cpu); WebGPU is the lab's own opt-in
    el.dataset.name = b.info.tfjsName === 'webgpu' ? 'webgpu' : b.info.name;
    backendState.warnings = [b.warning, typeof pageThreads === 'string' ? pageThreads : undefined].filter((w): w is string => Boolean(w));
    renderBackendPill();
    setStatus('idle');
    if (new URLSearchParams(location.search).has('autotrain')) startTraining();
  })
  .catch((error: unknown) => {
    setStatus('error');
    $('backend').textContent = `no backend: ${(error as Error).message}`;
  });
