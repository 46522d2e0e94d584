import { selectBackend } from '@interp/backend';
import { loadMlp } from '@interp/models/node';
import { loadSae } from '@interp/sae/node';
import { readDatasetXlsx } from '@interp/dataset/node';
import { runFeatureActivationsOnThreads, scoreFeatures, buildConcepts } from '@interp/probe';
const dir = process.argv[2];
await selectBackend({ backend: 'wasm' });
const [model, sae, train] = await Promise.all([loadMlp(dir), loadSae(dir), readDatasetXlsx(dir + '/mlp_train.xlsx')]);
const acts = await runFeatureActivationsOnThreads(model, sae, train, { hook: 'hidden.post' });
const ts = [];
let t = performance.now(); const c = buildConcepts(train); console.log('buildConcepts', (performance.now() - t).toFixed(1), 'singles', c.names.length);
for (let i = 0; i < +(process.argv[3] ?? 8); i++) { t = performance.now(); const s = scoreFeatures(acts.codes, train); ts.push(performance.now() - t); if (i === 0) console.log('mono', s.monosemanticCount, 'pairs', s.eligiblePairs); }
console.log(ts.map((x) => x.toFixed(0)).join(' '));
process.exit(0);
