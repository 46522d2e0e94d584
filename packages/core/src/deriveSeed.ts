import { splitmix32 } from './splitmix32';

/**
 * Derives an independent seed for a named stream (for example one per split) from a base seed
 * (FNV-1a over the name, mixed through splitmix32).
 *
 * @example
 * ```ts
 * import { deriveSeed } from '@interp/core';
 * deriveSeed(42, 'val') !== deriveSeed(42, 'test'); // true
 * deriveSeed(42, 'val') === deriveSeed(42, 'val');  // true: a pure function
 * ```
 */
export function deriveSeed(seed: number, stream: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  }
  return splitmix32(h ^ Math.floor(seed / 2 ** 32))();
}
