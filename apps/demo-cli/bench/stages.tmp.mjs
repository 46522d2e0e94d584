import { selectBackend } from '@interp/backend';
import { loadMlp } from '@interp/models/node';
import { loadSae } from '@interp/sae/node';
import { readDatasetXlsx } from '@interp/dataset/node';
import { runProbeStages } from '@interp/pipeline';
const dir = process.argv[2];
const info = await selectBackend({ backend: 'wasm' }); console.log(info.name ?? JSON.stringify(info).slice(0,200));
let t = performance.now();
const [model, sae, train, test] = await Promise.all([loadMlp(dir), loadSae(dir), readDatasetXlsx(dir + '/mlp_train.xlsx'), readDatasetXlsx(dir + '/mlp_test.xlsx')]);
console.log('load', (performance.now() - t).toFixed(0));
for (let rep = 0; rep < (+process.env.REPS || 1); rep++) {
  t = performance.now(); const t0 = t;
  let last = '';
  await runProbeStages(model, sae, train, test, 'hidden.post', (done, name) => { const n = performance.now(); if (last) console.log('  ', last, (n - t).toFixed(0)); t = n; last = name; });
  const n = performance.now(); console.log('  ', last, (n - t).toFixed(0)); console.log('total', (n - t0).toFixed(0));
}
