// The gemm kernel of buildGemmModule alone, one register tile after another within each round (so that the
// host's speed drift hits every variant alike), beside tfjs' wasm backend tf.matMul on the same shapes, on 1
// thread: GFLOP/s (median and best over the rounds of each variant's best of --reps calls) with the load average.
// The shape is the SAE encoder's: w [nj x d] (features x inputs), x [d x nb] (inputs x batch, row stride nb).
// Every variant's output is checked bit for bit against the first's.
// Usage (after `npx nx run @interp/kernels:build` and the build of @interp/backend):
//   node bench/gemm.mjs [--nj 2048] [--d 512] [--nb 256,128] [--pad 0] [--rounds 10] [--reps 3]
//     [--tiles 4x8u1,6x8u2,...] (rows x columns, columns a multiple of 4, u the inner loop's unroll)
//     [--compare other.mjs] (another build's buildGemmModule(false), e.g. main's bundled with esbuild)
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_GEMM_TILE, buildGemmModule } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const nj = Number(arg('nj', '2048'));
const d = Number(arg('d', '512'));
const nbList = arg('nb', '256,128').split(',').map(Number);
const rounds = Number(arg('rounds', '10'));
const reps = Number(arg('reps', '3'));
const pad = Number(arg('pad', '0'));
const tileNames = arg('tiles', '4x8u1,4x8u2,4x8u4,5x8u1,5x8u2,6x8u1,6x8u2,6x8u4,4x12u1,4x12u2,3x16u1,8x4u1,8x4u2,12x4u1').split(',');
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const parseTile = (s) => {
  const m = /^(\d+)x(\d+)u(\d+)(f?)$/.exec(s);
  if (!m || Number(m[2]) % 4 !== 0) throw new Error(`--tiles: '${s}' is not <rows>x<columns, a multiple of 4>u<unroll>`);
  return { rows: Number(m[1]), vectors: Number(m[2]) / 4, unroll: Number(m[3]), fence: m[4] === 'f' };
};
const tileName = (t) => `${t.rows}x${4 * t.vectors}u${t.unroll}${t.fence ? 'f' : ''}`;

// tfjs and @interp/backend as the backend package resolves them (the kernels package itself has no tfjs)
const backendRequire = createRequire(join(here, '../../backend/package.json'));
const tf = await import(pathToFileURL(backendRequire.resolve('@tensorflow/tfjs-core')).href);
const { selectBackend } = await import(pathToFileURL(join(here, '../../backend/dist/index.js')).href);
const info = await selectBackend({ backend: 'wasm', threads: 1 });
console.log(`node ${process.version}; tf.matMul on ${info.description}; default tile ${tileName(DEFAULT_GEMM_TILE)}; load ${load()}`);

const maxNb = Math.max(...nbList);
const floats = nj * d + d * (maxNb + pad) + nj + nj * (maxNb + pad);
const memory = new WebAssembly.Memory({ initial: Math.ceil((floats * 4) / 65536) + 1 });
const heap = new Float32Array(memory.buffer);
let seed = 1;
for (let i = 0; i < floats; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  heap[i] = (seed / 2 ** 32 - 0.5) * 2;
}
const [W, X, B, O] = [0, nj * d, nj * d + d * (maxNb + pad), nj * d + d * (maxNb + pad) + nj];
const instantiate = (name, bytes) => {
  const { gemm } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  return { name, run: (nb) => gemm(W << 2, X << 2, B << 2, O << 2, nj, nb, d, nb + pad) };
};
const variants = tileNames.map((name) => instantiate(tileName(parseTile(name)), buildGemmModule(false, parseTile(name))));
// --compare <file.mjs>: another build's buildGemmModule (e.g. main's, bundled with esbuild), measured as 'compare'
const compare = arg('compare', '');
if (compare) variants.push(instantiate('compare', (await import(pathToFileURL(compare).href)).buildGemmModule(false)));

for (const nb of nbList) {
  const flop = 2 * nj * d * nb;
  // bit-for-bit check against the first variant
  heap.fill(0, O, O + nj * (nb + pad));
  variants[0].run(nb);
  const first = heap.slice(O, O + nj * (nb + pad));
  for (const v of variants.slice(1)) {
    heap.fill(0, O, O + nj * (nb + pad));
    v.run(nb);
    const out = heap.subarray(O, O + nj * (nb + pad));
    for (let i = 0; i < out.length; i++) {
      if (!Object.is(out[i], first[i])) throw new Error(`tile ${v.name} differs from ${variants[0].name} at output ${i} (nb ${nb})`);
    }
  }
  const a = tf.randomNormal([nj, d]);
  const b = tf.randomNormal([d, nb]);
  const tfRun = () => {
    const y = tf.matMul(a, b);
    y.dataSync();
    y.dispose();
  };
  const all = [...variants.map((v) => ({ name: v.name, run: () => v.run(nb) })), { name: 'tf.matMul', run: tfRun }];
  const gflops = new Map(all.map((v) => [v.name, []]));
  for (const v of all) for (let i = 0; i < 2; i++) v.run(); // warm-up
  const loadBefore = load();
  for (let r = 0; r < rounds; r++) {
    for (const v of all) {
      let best = Infinity;
      for (let i = 0; i < reps; i++) {
        const t = performance.now();
        v.run();
        best = Math.min(best, performance.now() - t);
      }
      gflops.get(v.name).push(flop / (best / 1000) / 1e9);
    }
  }
  tf.dispose([a, b]);
  const raw = gflops.get('tf.matMul').slice().sort((p, q) => p - q);
  const rawMedian = raw[raw.length >> 1];
  console.log(`[${nj}x${d}]x[${d}x${nb}] (row stride ${nb + pad}), 1 thread, ${rounds} rounds of best-of-${reps}; load ${loadBefore} -> ${load()}`);
  for (const [name, g] of gflops) {
    const s = g.slice().sort((p, q) => p - q);
    const median = s[s.length >> 1];
    console.log(`  ${name.padEnd(10)} median ${median.toFixed(2)} GFLOP/s (${((100 * median) / rawMedian).toFixed(0)}% of tf.matMul), best ${s[s.length - 1].toFixed(2)}`);
  }
}
