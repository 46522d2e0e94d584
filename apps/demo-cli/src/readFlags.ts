import { UsageError } from './UsageError';

/** Flag values as the commands hand them over. */
export type RawFlags = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Reads a decimal integer flag (digits only: `0x10`, `1e3` and `" 7 "` are rejected), checking its range.
 *
 * @example
 * ```ts
 * readIntegerFlag({ seed: '7' }, 'seed', 0, 2 ** 32 - 1); // 7
 * ```
 * @throws UsageError naming the flag and its range.
 */
export function readIntegerFlag(flags: RawFlags, name: string, min: number, max: number): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^-?[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}] written in decimal digits, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * Reads an `on` / `off` flag (`--adapt-threads off`) as a boolean.
 *
 * @example
 * ```ts
 * readSwitchFlag({ 'adapt-threads': 'off' }, 'adapt-threads'); // false
 * readSwitchFlag({}, 'adapt-threads'); // undefined
 * ```
 * @throws UsageError naming the flag and its two values.
 */
export function readSwitchFlag(flags: RawFlags, name: string): boolean | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new UsageError(`--${name} must be on or off, got ${JSON.stringify(raw)}`);
}

/**
 * Parses `--input 8,9,5,1,3,2,9,4,7,1` into a row; the error names the flag.
 *
 * @example
 * ```ts
 * readRowFlag({ input: '8,9,5,1,3,2,9,4,7,1' }, 'input'); // [8, 9, 5, 1, 3, 2, 9, 4, 7, 1]
 * ```
 * @throws UsageError naming the flag.
 */
export function readRowFlag(flags: RawFlags, name: string): number[] | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const parts = String(raw).split(',').map((s) => s.trim());
  if (parts.some((p) => !/^[0-9]+$/.test(p))) {
    throw new UsageError(`--${name} must be comma-separated integers such as 8,9,5,1,3,2,9,4,7,1, got ${JSON.stringify(raw)}`);
  }
  return parts.map(Number);
}
