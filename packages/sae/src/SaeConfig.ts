/** The activation function of an SAE's encoder; one entry per architecture (the extension point). */
export type SaeActivation =
  | { /** ReLU, trained with an L1 penalty. */ type: 'relu' }
  | { /** Keep the k largest pre-activations of each row (then ReLU). */ type: 'topk'; k: number };

/** The architectures this package trains and runs. */
export type SaeArchitectureName = SaeActivation['type'];

/** Everything needed to rebuild an SAE besides its weights. */
export interface SaeConfig {
  /** Input width (activation size). */
  dIn: number;
  /** Number of features (dictionary size). */
  dSae: number;
  /** The encoder activation. */
  activation: SaeActivation;
  /** Whether `b_dec` is subtracted from the input before encoding (always true for SAEs trained here). */
  applyBDecToInput: boolean;
  /** Optional: the model the activations came from (saved in `cfg.json`). */
  modelName?: string;
  /** Optional: the hook point the activations came from (saved in `cfg.json`). */
  hookName?: string;
}

/** The four weight arrays of an SAE, row-major, in the SAELens layout. */
export interface SaeWeights {
  /** `[dIn, dSae]` */
  W_enc: Float32Array;
  /** `[dSae, dIn]` (row `j` is the decoder direction of feature `j`) */
  W_dec: Float32Array;
  /** `[dSae]` */
  b_enc: Float32Array;
  /** `[dIn]` */
  b_dec: Float32Array;
}
