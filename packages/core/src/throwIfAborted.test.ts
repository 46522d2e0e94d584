import { describe, expect, it } from 'vitest';
import { createAbortError, isAbortError, throwIfAborted } from './throwIfAborted';

describe('abort handling', () => {
  it('does nothing without a signal or before abort', () => {
    expect(() => throwIfAborted(undefined, 'x')).not.toThrow();
    expect(() => throwIfAborted(new AbortController().signal, 'x')).not.toThrow();
  });

  it('throws an AbortError naming the operation and the reason', () => {
    const c = new AbortController();
    c.abort('stop now');
    expect(() => throwIfAborted(c.signal, 'trainMlp')).toThrow('trainMlp: aborted (stop now)');
    const err = createAbortError(c.signal, 'trainMlp');
    expect(err.name).toBe('AbortError');
    expect(isAbortError(err)).toBe(true);
  });

  it('passes an Error reason through unchanged', () => {
    const c = new AbortController();
    const reason = new Error('custom');
    c.abort(reason);
    expect(createAbortError(c.signal, 'x')).toBe(reason);
    const plain = new AbortController();
    plain.abort();
    expect(isAbortError(createAbortError(plain.signal, 'x'))).toBe(true);
    expect(isAbortError(new Error('boom'))).toBe(false);
  });
});
