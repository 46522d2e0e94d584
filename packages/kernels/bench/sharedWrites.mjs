// What it costs to write memory the other core has read: the Adam kernel on each thread's half of two 2048 x 512
// weight matrices (with their moments), after every thread has read (a) only its own half of the first matrix or
// (b) all of it, as an encoder product split by rows reads every feature's weights. Every thread instantiates the
// kernel module on one shared WebAssembly memory; a barrier separates the read from the update, and only the update
// is timed. Prints the median milliseconds per update of each thread, with the one-way latency between the two
// threads' cores (measureCoreLatency), on 1 and 2 threads in the same run.
// Usage (after `npx nx run @interp/kernels:build`):
//   node bench/sharedWrites.mjs [--features 2048] [--width 512] [--reps 80]
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { loadavg } from 'node:os';
import { createKernels, measureCoreLatency, simdModule } from '../dist/index.js';

const arg = (name, def) => (process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : def);

if (isMainThread) {
  const S = arg('features', 2048);
  const d = arg('width', 512);
  const reps = arg('reps', 80);
  const N = S * d;
  console.log(`Adam on each thread's half of 2 x [${S}, ${d}] weights and moments; load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  for (const read of ['own', 'all']) {
    for (const T of [1, 2]) {
      const kx = createKernels(6 * N + 2 * T * d + 64, 'auto', true);
      if (kx.kind !== 'wasm-simd') throw new Error('sharedWrites: needs WebAssembly SIMD on shared memory');
      kx.heap.fill(0.01);
      const barrier = new Int32Array(new SharedArrayBuffer(8));
      const latency = (await measureCoreLatency({ samples: 3 })).oneWayNs;
      const workers = Array.from({ length: T }, (_, t) => new Worker(new URL(import.meta.url), { workerData: { t, T, S, d, reps, read, memory: kx.memory, barrier } }));
      const ms = await Promise.all(workers.map((w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))));
      await Promise.all(workers.map((w) => w.terminate()));
      console.log(`read ${read === 'own' ? 'own half' : 'all     '}, threads ${T}: update ${ms.map((x) => x.toFixed(2)).join(', ')} ms per thread (median of ${reps - 20}); core latency ${latency.toFixed(0)} ns one way`);
    }
  }
} else {
  const { t, T, S, d, reps, read, memory, barrier } = workerData;
  const x = new WebAssembly.Instance(simdModule(true), { env: { memory } }).exports;
  const N = S * d;
  const F = S / T;
  const j0 = t * F;
  const P = [0, N], M = [2 * N, 3 * N], V = [4 * N, 5 * N];
  const G = 6 * N + t * 2 * d;
  let generation = 0;
  const wait = () => {
    generation++;
    if (Atomics.add(barrier, 0, 1) === generation * T - 1) Atomics.store(barrier, 1, generation);
    else while (Atomics.load(barrier, 1) < generation);
  };
  let sink = 0;
  const [r0, r1] = read === 'own' ? [j0, j0 + F] : [0, S];
  const times = [];
  for (let r = 0; r < reps; r++) {
    wait();
    for (let j = r0; j < r1; j++) sink += x.dot((P[0] + j * d) << 2, G << 2, d);
    wait();
    const started = performance.now();
    for (let j = j0; j < j0 + F; j++) for (let a = 0; a < 2; a++) x.adam((P[a] + j * d) << 2, G << 2, (M[a] + j * d) << 2, (V[a] + j * d) << 2, d, 1e-3, 0.9, 0.999, 1e-8);
    times.push(performance.now() - started);
  }
  const kept = times.slice(20).sort((a, b) => a - b);
  parentPort.postMessage(kept[Math.floor(kept.length / 2)] + sink * 0);
}
