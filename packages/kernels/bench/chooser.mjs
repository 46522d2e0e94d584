// What createThreadChooser costs a run on a quiet machine: feeds it fixed step times on the two counts and prints
// how many steps it ran on the slower count and the milliseconds that added over running every step on the faster.
// Usage (after `npx nx run @interp/kernels:build`):
//   node bench/chooser.mjs [--steps 1160] [--many 16.8] [--few 28.7]   (ms per step on 2 threads and on 1)
import { createThreadChooser } from '../dist/index.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const steps = arg('steps', 1160);
const many = arg('many', 16.8);
const few = arg('few', 28.7);
const chooser = createThreadChooser(2, 1);
let total = 0;
for (let s = 0; s < steps; s++) {
  const ms = chooser.next() === 2 ? many : few;
  total += ms;
  chooser.record(ms);
}
const fast = Math.min(many, few);
console.log(
  `${steps} steps at ${many} ms on 2 threads, ${few} ms on 1: ${chooser.stepsOn(1)} on 1 thread, ${chooser.stepsOn(2)} on 2 ` +
    `(trial ${chooser.trialSteps} steps, ${chooser.switches} switches); ${(total - steps * fast).toFixed(0)} ms over every step on the faster count`,
);
