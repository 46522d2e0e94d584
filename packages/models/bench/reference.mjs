// Quality and wall-clock time of referenceTrainingPreset on the index-arithmetic task
// (|c1[p1] - c2[p2]|), with the local generator of bench/task.mjs. Usage:
//   node bench/reference.mjs [--seed 1] [--backend wasm]
import { selectBackend } from '@interp/backend';
import { trainMlp, evaluateMlp, referenceTrainingPreset } from '../dist/index.js';
import { generateTask } from './task.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const seed = Number(arg('seed', 1));
const info = await selectBackend({ backend: arg('backend', 'auto') });
const preset = referenceTrainingPreset;
const train = generateTask(preset.trainRows, seed * 10 + 1);
const val = generateTask(preset.valRows, seed * 10 + 2);
const test = generateTask(5000, seed * 10 + 3);
console.log(`backend: ${info.description}`);
console.log(`preset: ${preset.trainRows} train rows, ${preset.training.epochs} epochs, batch ${preset.training.batchSize}, lr ${preset.training.learningRate}, model ${preset.config.inputSize} -> ${preset.config.hiddenSize} -> ${preset.config.bottleneckSize} -> ${preset.config.outputSize}`);
const t0 = performance.now();
const { model, history } = await trainMlp({ train, val }, { ...preset.training, seed, onLog: (line) => console.log(line) });
const seconds = (performance.now() - t0) / 1000;
const ev = evaluateMlp(model, test);
console.log(`trained ${history.epochs.length} epochs (${history.steps} steps) in ${seconds.toFixed(1)} s; best epoch ${history.bestEpoch}, val MSE ${history.bestValMse.toFixed(4)}`);
console.log(`test (5000 rows): MSE ${ev.mse.toFixed(4)}, exact ${(ev.exactFraction * 100).toFixed(2)}% (bar: MSE <= 0.05, exact >= 95%) -> ${ev.mse <= 0.05 && ev.exactFraction >= 0.95 ? 'PASS' : 'FAIL'}`);
