// A plain TopK SAE trained with dense tfjs matrix products: the reference the sparse trainer must match.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Plain TopK SAE with dense tfjs products (no sparse kernels, no AuxK, no revival): W_dec Gaussian
 * unit rows, W_enc = W_dec^T, b_enc = 0, b_dec = the mean; Adam at a constant learning rate on the mean
 * squared error; the decoder gradient's component along each row is removed and rows are renormalised
 * after every step. Forward/backward written out with explicit transposes.
 */
export function trainDenseTopK(train, held, { dSae, k, epochs, batchSize, lr = 1e-3 }) {
  const { rows, width: dims } = train;
  const heldRows = held.rows;
  let rngState = 12345;
  const uniform = () => {
    rngState = (Math.imul(rngState, 1664525) + 1013904223) >>> 0;
    return (rngState + 0.5) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const wd = new Float32Array(dSae * dims).map(gauss);
  for (let j = 0; j < dSae; j++) {
    let s = 0;
    for (let i = 0; i < dims; i++) s += wd[j * dims + i] ** 2;
    for (let i = 0; i < dims; i++) wd[j * dims + i] /= Math.sqrt(s);
  }
  const mean = new Float32Array(dims);
  for (let r = 0; r < rows; r++) for (let i = 0; i < dims; i++) mean[i] += train.data[r * dims + i] / rows;
  const Wdec = tf.variable(tf.tensor2d(wd, [dSae, dims]));
  const Wenc = tf.variable(tf.transpose(Wdec));
  const bEnc = tf.variable(tf.zeros([dSae]));
  const bDec = tf.variable(tf.tensor1d(mean));
  const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const xb = new Float32Array(batchSize * dims);
  const t = performance.now();
  for (let e = 0; e < epochs; e++) {
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let s = 0; s < rows; s += batchSize) {
      const n = Math.min(batchSize, rows - s);
      for (let b = 0; b < n; b++) xb.set(train.data.subarray(order[s + b] * dims, (order[s + b] + 1) * dims), b * dims);
      const grads = tf.tidy(() => {
        const x = tf.tensor2d(xb.subarray(0, n * dims), [n, dims]);
        const xc = tf.sub(x, bDec);
        const pre = tf.add(tf.matMul(xc, Wenc), bEnc);
        const kth = tf.slice(tf.topk(pre, k).values, [0, k - 1], [n, 1]);
        const mask = tf.cast(tf.logicalAnd(tf.greaterEqual(pre, kth), tf.greater(pre, 0)), 'float32');
        const f = tf.mul(pre, mask);
        const r = tf.sub(tf.add(tf.matMul(f, Wdec), bDec), x); // x_hat - x
        const dx = tf.mul(r, 2 / (n * dims)); // d mean((x_hat - x)^2)
        let gDec = tf.matMul(tf.transpose(f), dx);
        const dpre = tf.mul(tf.matMul(dx, tf.transpose(Wdec)), mask);
        const gEnc = tf.matMul(tf.transpose(xc), dpre);
        const gBenc = tf.sum(dpre, 0);
        const gBdec = tf.sub(tf.sum(dx, 0), tf.sum(tf.matMul(dpre, tf.transpose(Wenc)), 0));
        // remove the component along each (unit) decoder row
        gDec = tf.sub(gDec, tf.mul(tf.sum(tf.mul(gDec, Wdec), 1, true), Wdec));
        return { [Wdec.name]: gDec, [Wenc.name]: gEnc, [bEnc.name]: gBenc, [bDec.name]: gBdec };
      });
      opt.applyGradients(grads);
      tf.dispose(Object.values(grads));
      tf.tidy(() => Wdec.assign(tf.div(Wdec, tf.norm(Wdec, 2, 1, true))));
    }
  }
  const seconds = (performance.now() - t) / 1000;
  const fve = tf.tidy(() => {
    const x = tf.tensor2d(held.data, [heldRows, dims]);
    const pre = tf.add(tf.matMul(tf.sub(x, bDec), Wenc), bEnc);
    const kth = tf.slice(tf.topk(pre, k).values, [0, k - 1], [heldRows, 1]);
    const f = tf.mul(pre, tf.cast(tf.logicalAnd(tf.greaterEqual(pre, kth), tf.greater(pre, 0)), 'float32'));
    const xh = tf.add(tf.matMul(f, Wdec), bDec);
    const sse = tf.sum(tf.square(tf.sub(x, xh)));
    const sst = tf.sum(tf.square(tf.sub(x, tf.mean(x, 0))));
    return 1 - sse.dataSync()[0] / sst.dataSync()[0];
  });
  const wDecArr = Wdec.dataSync().slice();
  tf.dispose([Wdec, Wenc, bEnc, bDec]);
  opt.dispose();
  return { fve, seconds, W_dec: wDecArr };
}

