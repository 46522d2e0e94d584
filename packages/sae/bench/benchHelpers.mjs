// Shared by the sae benchmarks: their command-line options, the synthetic stand-in of the reference MLP's hidden
// layer, and the backend's raw matMul speed printed beside each figure.

/** The value after `--name` on the command line (`process.argv`), else `def`. */
export function readArg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/**
 * A synthetic hidden layer, ReLU(x W + b) of 10 digit inputs (x_i = d/9, d in 0..9), of `width` units.
 * `W` and `b` are drawn from `rng` now; the returned function fills `rows` rows, drawing the inputs from
 * `rowRng`.
 */
export function createSyntheticLayer(rng, width) {
  const inDim = 10;
  const W = Float32Array.from({ length: inDim * width }, () => (rng.normal() * 2) / Math.sqrt(inDim));
  const b = Float32Array.from({ length: width }, () => rng.normal() * 0.5);
  const x = new Float32Array(inDim);
  return (rowRng, rows) => {
    const data = new Float32Array(rows * width);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < inDim; i++) x[i] = rowRng.int(10) / 9;
      for (let j = 0; j < width; j++) {
        let s = b[j];
        for (let i = 0; i < inDim; i++) s += x[i] * W[i * width + j];
        data[r * width + j] = Math.max(0, s);
      }
    }
    return data;
  };
}

/** `rows` rows of {@link createSyntheticLayer}, weights and inputs drawn from one `rng`. */
export function makeSyntheticActivations(rng, rows, width) {
  return createSyntheticLayer(rng, width)(rng, rows);
}

/** Best-of-`reps` GFLOP/s of tf.matMul(a [m, n], b [n, p]) including the download of the result (2 warm-up runs). */
export function measureRawMatMul(tf, m, n, p, reps) {
  const a = tf.randomNormal([m, n]);
  const b = tf.randomNormal([n, p]);
  let best = Infinity;
  for (let i = 0; i < reps + 2; i++) {
    const t = performance.now();
    const y = tf.matMul(a, b);
    y.dataSync();
    const dt = performance.now() - t;
    y.dispose();
    if (i >= 2) best = Math.min(best, dt);
  }
  tf.dispose([a, b]);
  return (2 * m * n * p) / (best / 1000) / 1e9;
}
