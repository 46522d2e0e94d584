// Round trip of an empty phase through createThreadPool on 1 and 2 (or --threads) threads in the same run:
// back to back (the workers are spinning), after a pause longer than the workers' spin (they sleep in
// Atomics.wait and must be woken), a 2-thread pool running on its first thread only, and a long phase (the
// workers busy for --long-ms, past the 100 ms the caller waits in Atomics.wait before it waits asynchronously):
// the time past --long-ms until run() returns.
// Prints microseconds per phase (median and mean of --reps phases) with the load average.
// Usage (after `npx nx run @interp/kernels:build`):
//   node bench/poolLatency.mjs [--reps 20000] [--threads 1,2] [--pause-ms 5] [--long-ms 150] [--long-reps 10]
import { loadavg } from 'node:os';
import { createThreadPool } from '../dist/index.js';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const reps = Number(arg('reps', 20000));
const threadList = arg('threads', '1,2').split(',').map(Number);
const pauseMs = Number(arg('pause-ms', 5));
const longMs = Number(arg('long-ms', 150));
const longReps = Number(arg('long-reps', 10));
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
// phase 1 is empty; in phase 2 the workers (not the caller) are busy for init.longMs
const emptyPhases = (init) => ({
  runPhase(phase, thread) {
    if (phase !== 2 || thread === 0) return;
    const until = performance.now() + init.longMs;
    while (performance.now() < until);
  },
});

async function makePool(threads) {
  const shared = threads > 1;
  const buffer = (bytes) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const init = {
    memory: new WebAssembly.Memory({ initial: 1, maximum: 1, shared }),
    control: new Int32Array(buffer(64)),
    errorText: new Uint8Array(buffer(1024)),
    threads,
    longMs,
  };
  return createThreadPool(init, emptyPhases, 'latency bench');
}
const stats = (us) => {
  const s = [...us].sort((a, b) => a - b);
  const mean = us.reduce((a, b) => a + b, 0) / us.length;
  return `median ${s[s.length >> 1].toFixed(2)} us, mean ${mean.toFixed(2)} us, p99 ${s[Math.floor(s.length * 0.99)].toFixed(1)} us`;
};
const sleep = (ms) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

console.log(`node ${process.version}; load ${load()}`);
for (const threads of threadList) {
  const pool = await makePool(threads);
  for (let i = 0; i < 2000; i++) await pool.run(1);
  const hot = new Float64Array(reps);
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await pool.run(1);
    hot[i] = (performance.now() - t0) * 1000;
  }
  const coldReps = Math.max(20, Math.min(200, Math.floor(reps / 100)));
  const cold = new Float64Array(coldReps);
  for (let i = 0; i < coldReps; i++) {
    sleep(pauseMs); // busy: keep this thread on its core while the workers give up spinning
    const t0 = performance.now();
    await pool.run(1);
    cold[i] = (performance.now() - t0) * 1000;
  }
  console.log(`${threads} thread(s), back to back: ${stats(hot)}`);
  console.log(`${threads} thread(s), after a ${pauseMs} ms pause: ${stats(cold)}`);
  if (threads > 1) {
    const one = new Float64Array(reps);
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await pool.run(1, 1);
      one[i] = (performance.now() - t0) * 1000;
    }
    console.log(`${threads} thread(s) pool, run on 1 (active 1): ${stats(one)}`);
    const late = new Float64Array(longReps);
    for (let i = 0; i < longReps; i++) {
      const t0 = performance.now();
      await pool.run(2);
      late[i] = (performance.now() - t0 - longMs) * 1000;
    }
    console.log(`${threads} thread(s), a ${longMs} ms phase, time past ${longMs} ms: ${stats(late)}`);
  }
  pool.dispose();
}
console.log(`load ${load()}`);
