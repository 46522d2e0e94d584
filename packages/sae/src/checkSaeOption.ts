/** Checks an integer option of `where` (e.g. `trainSae`), naming it and its range. */
export function checkIntOption(where: string, name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new Error(`${where}: options.${name} must be ${range}; got ${String(v)}`);
  }
  return v;
}

/** Checks a number option of `where`, naming it and its range. */
export function checkNumberOption(where: string, name: string, v: unknown, ok: (x: number) => boolean, range: string): number {
  if (typeof v !== 'number' || Number.isNaN(v) || !ok(v)) throw new Error(`${where}: options.${name} must be ${range}; got ${String(v)}`);
  return v;
}

/** The error a training run rejects with when its signal aborts: the reason if it is an `Error`, else an `AbortError`. */
export function abortError(signal: AbortSignal, where: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(`${where}: aborted${reason === undefined ? '' : ` (${String(reason)})`}`);
  err.name = 'AbortError';
  return err;
}
