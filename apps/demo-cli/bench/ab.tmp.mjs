// A/B of one probe function: old (/work/main dist) vs new (this worktree's dist), interleaved, thread CPU time
import { selectBackend } from '@interp/backend';
import { loadMlp } from '@interp/models/node';
import { loadSae } from '@interp/sae/node';
import { readDatasetXlsx } from '@interp/dataset/node';
import * as NEW from '@interp/probe';
const OLD = await import('/work/main/packages/probe/dist/index.js');
const dir = process.argv[2]; const what = process.argv[3]; const reps = +(process.argv[4] ?? 8);
await selectBackend({ backend: 'wasm' });
const [model, sae, train, test] = await Promise.all([loadMlp(dir), loadSae(dir), readDatasetXlsx(dir + '/mlp_train.xlsx'), readDatasetXlsx(dir + '/mlp_test.xlsx')]);
const { createThreadedEncoder } = await import('@interp/sae');
const encoder = await createThreadedEncoder(sae);
const acts = await NEW.runFeatureActivationsOnThreads(model, sae, train, { hook: 'hidden.post' });
const scores = NEW.scoreFeatures(acts.codes, train);
const run = {
  score: (M) => M.scoreFeatures(acts.codes, train),
  trace: (M) => M.traceCircuit(model, sae, train, { hook: 'hidden.post', labels: scores, activations: acts }),
  splice: (M) => M.runSpliceTestOnThreads(model, sae, test, { hook: 'hidden.post', encoder }),
  stats: (M) => M.computeFeatureStats(model, sae, train, { hook: 'hidden.post', activations: acts }),
}[what];
const t = { old: [], new: [] };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let same = true;
for (let i = 0; i < reps; i++) {
  for (const [name, M] of i % 2 ? [['new', NEW], ['old', OLD]] : [['old', OLD], ['new', NEW]]) {
    const c0 = cpu(); const w0 = performance.now(); const r = await run(M); t[name].push([cpu() - c0, performance.now() - w0]);
    if (i === 0) (t.out ??= {})[name] = JSON.stringify(r);
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const k of ['old', 'new']) console.log(k, 'first cpu/wall', t[k][0].map((x) => x.toFixed(0)).join('/'), 'median cpu', med(t[k].map((x) => x[0])).toFixed(0), 'wall', med(t[k].map((x) => x[1])).toFixed(0));
console.log('identical output:', t.out.old === t.out.new);
process.exit(0);
