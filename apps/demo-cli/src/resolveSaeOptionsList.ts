import type { ConfigArgument } from './readConfigArgument';
import type { RawFlags } from './readFlags';
import { resolveSaeOptions, type ArchitectureRegistry, type ResolvedSaeOptions } from './resolveSaeOptions';
import { UsageError } from './UsageError';

/**
 * Resolves a sweep's `--config` (`{"sae": [ {...}, {...} ]}`): each entry as {@link resolveSaeOptions} resolves
 * one `sae` object, with the top-level fields (seed, threads) and the flags applying to every entry. Errors
 * name the entry (`config field sae[1].k ...`); `evalRows` must agree across entries (one held-out split).
 *
 * @example
 * ```ts
 * const list = resolveSaeOptionsList({}, { value: { sae: [{ k: 8 }, { k: 16 }] }, source: '--config x' }, saeArchitectures);
 * list.map((r) => r.options.architecture); // [{ type: 'topk', k: 8 }, { type: 'topk', k: 16 }]
 * ```
 * @throws UsageError naming the entry and field.
 */
export function resolveSaeOptionsList(flags: RawFlags, config: ConfigArgument, registry: ArchitectureRegistry): ResolvedSaeOptions[] {
  const root = config.value as Record<string, unknown>;
  const list = root.sae as unknown[];
  if (list.length === 0) throw new UsageError(`${config.source}: config field sae is an empty list; give one SAE config or more`);
  const resolved = list.map((entry, i) => {
    try {
      return resolveSaeOptions(flags, { ...config, value: { ...root, sae: entry } }, registry);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const named = error.message.replace(/config field sae\b/g, `config field sae[${i}]`);
      throw new UsageError(named.includes(`sae[${i}]`) ? named : `${config.source}: sae[${i}]: ${named}`);
    }
  });
  resolved.forEach((r, i) => {
    if (r.evalRows !== resolved[0]!.evalRows) {
      throw new UsageError(`${config.source}: config field sae[${i}].evalRows (${r.evalRows ?? 'unset'}) differs from sae[0].evalRows (${resolved[0]!.evalRows ?? 'unset'}); a sweep holds out one set of rows for all SAEs`);
    }
  });
  return resolved;
}
