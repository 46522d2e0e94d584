import type { TrainingState } from './createTrainingState';
import { createSae, type Sae } from './Sae';
import { transposeInto } from './transposeInto';
import type { SaeConfig, SaeWeights } from './SaeConfig';

/** Builds an {@link Sae} from the parameters in the training heap (W_enc transposed back to `[dIn, dSae]`). */
export function buildSaeFromState(
  state: TrainingState,
  config: SaeConfig,
  featureFrequency?: Float32Array,
  extra: Partial<SaeWeights> = {},
): Sae {
  const { heap, dIn: d, dSae: S, layout: L } = state;
  const W_enc = new Float32Array(d * S);
  transposeInto(heap, L.wenc, S, d, W_enc, 0);
  return createSae(
    {
      W_enc,
      W_dec: heap.slice(L.wdec, L.wdec + S * d),
      b_enc: heap.slice(L.benc, L.benc + S),
      b_dec: heap.slice(L.bdec, L.bdec + d),
      ...extra,
    },
    config,
    featureFrequency ? { featureFrequency } : {},
  );
}
