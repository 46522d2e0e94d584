import { describe, expect, it } from 'vitest';
import { SafetensorsError } from './SafetensorsError';

describe('SafetensorsError', () => {
  it('names the source and tensor in its message and fields', () => {
    const e = new SafetensorsError('bad shape', { source: 'w.safetensors', tensor: 'fc1' });
    expect(e.message).toBe('safetensors: w.safetensors: tensor "fc1": bad shape');
    expect([e.source, e.tensor, e.name]).toEqual(['w.safetensors', 'fc1', 'SafetensorsError']);
  });

  it('instanceof recognises errors from another copy of the class (the node bundle) by brand', () => {
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('@interp/safetensors.SafetensorsError'), { value: true });
    expect(foreign).toBeInstanceOf(SafetensorsError);
    expect(new Error('x')).not.toBeInstanceOf(SafetensorsError);
    expect(null).not.toBeInstanceOf(SafetensorsError);
  });
});
