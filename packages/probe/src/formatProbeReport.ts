import type { ProbeResult } from './probeInput';

/** Python's `str(float)` for the values the report shows: `8.0`, `0.5`. */
function formatPythonFloat(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/**
 * Formats a probe result as the reference run's text block (lines joined by `\n`, no trailing newline):
 *
 * ```text
 * --- Interpretability Report ---
 * Sample Input: [8, 9, 5, 1, 3, 2, 9, 4, 7, 1] | Expected Output: 8.0
 * MLP Output: 7.4849
 * Number of active SAE features: 62
 * Top Active Features (Monosemantic Candidates):
 * Feature #1649 | Activation: 0.6050
 * Feature # 725 | Activation: 0.3191
 * ```
 *
 * Feature ids are right-aligned to 4 characters, activations and the output have 4 decimals.
 *
 * @example
 * ```ts
 * console.log(formatProbeReport(probeInput(model, sae, [8, 9, 5, 1, 3, 2, 9, 4, 7, 1])));
 * ```
 */
export function formatProbeReport(result: ProbeResult): string {
  const lines = [
    '--- Interpretability Report ---',
    `Sample Input: [${result.input.map((v) => String(v)).join(', ')}] | Expected Output: ${formatPythonFloat(result.expected)}`,
    `MLP Output: ${result.output.toFixed(4)}`,
    `Number of active SAE features: ${result.activeFeatures}`,
    'Top Active Features (Monosemantic Candidates):',
    ...result.topFeatures.map((f) => `Feature #${String(f.feature).padStart(4, ' ')} | Activation: ${f.activation.toFixed(4)}`),
  ];
  return lines.join('\n');
}
