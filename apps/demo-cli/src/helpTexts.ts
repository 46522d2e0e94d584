const common = `Common options:
  -o, --out DIR           artifacts folder (default ./interp-out)
  -c, --config FILE       JSON configuration (fields as in --preset; flags override it)
      --preset NAME       quick | reference (default reference)
      --seed N            seed of every random choice (default 42)
      --backend NAME      auto | node | wasm | cpu (default auto: tfjs-node, else wasm, else cpu)
  -f, --force             re-run steps even when their inputs and config are unchanged
  -q, --quiet             no progress output
      --json              print only a JSON summary on stdout (logs go to stderr)
  -h, --help              this help`;

/** `--help` text of every command. */
export const helpTexts: Record<string, string> = {
  main: `interp: sparse-autoencoder interpretability of a small MLP, in one command

Usage: interp <command> [options]

Commands:
  run         all seven steps of the reference pipeline
  generate    step 2: write mlp_train.xlsx, mlp_val.xlsx, mlp_test.xlsx
  train-mlp   step 3: train the bottleneck MLP (mlp_weights.safetensors, mlp_config.json)
  harvest     step 4: harvest the hidden layer (mlp_activations.safetensors)
  train-sae   step 5: train the SAE (sae_weights.safetensors, cfg.json, sparsity.safetensors)
  probe       step 6: which SAE features fire for an input
  report      step 7: circuit_trace_detailed.xlsx and the HTML reports

Each step reads the previous step's artifacts from --out and is skipped when nothing it depends on changed.

${common}

Examples:
  interp run --preset quick --out /tmp/quick
  interp run --out ./interp-out --json > summary.json
  interp probe --input 8,9,5,1,3,2,9,4,7,1

Exit codes: 0 ok, 1 failure, 2 bad usage.`,
  run: `interp run: the reference pipeline, all seven steps

Usage: interp run [options]

[1/7] environment, [2/7] dataset, [3/7] MLP, [4/7] harvest, [5/7] SAE, [6/7] probe, [7/7] reports,
then an execution summary. The reference preset takes about 3 minutes on 2 cores; quick about 30 seconds.

${common}

Examples:
  interp run
  interp run --preset quick --out /tmp/quick --json`,
  generate: `interp generate: write the index-arithmetic dataset splits as xlsx

Usage: interp generate [--out DIR] [--seed N] [--train N] [--val N] [--test N]

Writes DIR/mlp_train.xlsx (8000 rows), DIR/mlp_val.xlsx (1000) and DIR/mlp_test.xlsx (1000):
rows [c1_0..c1_3, p1, c2_0..c2_3, p2, target] with target = |c1[p1] - c2[p2]|.
The same seed gives the same rows; splits never share a row.

${common}
      --train N, --val N, --test N   split sizes

Examples:
  interp generate --out ./data
  interp generate --out ./data --seed 7 --train 64000`,
  'train-mlp': `interp train-mlp: train the bottleneck MLP on the generated splits

Usage: interp train-mlp [options]

Reads the splits from --out, trains 10 -> 512 -> 64 -> 1 with Adam (plus extra generated rows, see
data.mlpExtraRows), keeps the best validation checkpoint, reports test MSE, and writes
mlp_weights.safetensors and mlp_config.json.

${common}

Example:
  interp train-mlp --out ./interp-out`,
  harvest: `interp harvest: capture the MLP's hidden layer over the training split

Usage: interp harvest [options]

Writes mlp_activations.safetensors ([8000, 512] for the reference preset) with its metadata.

${common}

Example:
  interp harvest --out ./interp-out`,
  'train-sae': `interp train-sae: train the sparse autoencoder on the harvested activations

Usage: interp train-sae [options]

Writes sae_weights.safetensors, cfg.json and sparsity.safetensors (the SAELens layout).

${common}

Example:
  interp train-sae --out ./interp-out --config sae.json`,
  probe: `interp probe: which SAE features fire for an input

Usage: interp probe [--input ROW] [options]

Without --input, probes the reference run's five rows and scores every feature against the task's
ground-truth concepts; with --input, prints the report of that row only.

${common}
      --input ROW   ten comma-separated integers, e.g. 8,9,5,1,3,2,9,4,7,1

Examples:
  interp probe --input 8,9,5,1,3,2,9,4,7,1
  interp probe --out ./interp-out --json`,
  report: `interp report: circuit_trace_detailed.xlsx and the HTML reports

Usage: interp report [options]

Writes circuit_trace_detailed.xlsx, logic_circuit_map.html, circuit_bell_curves.html,
uhd_bold_sankey.html, features.html and index.html.

${common}

Example:
  interp report --out ./interp-out`,
};
