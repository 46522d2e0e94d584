import { describe, expect, it } from 'vitest';
import { serializeJsonForScript } from './serializeJsonForScript';

describe('serializeJsonForScript', () => {
  it('escapes <, </script>, & and U+2028/U+2029 so the JSON cannot end or break a script element', () => {
    const data = { label: '</script><script>alert(1)</script>', amp: 'a&b', sep: 'x\u2028y\u2029z', gt: 'a>=5' };
    const json = serializeJsonForScript(data);
    expect(json).not.toMatch(/<|>|&|\u2028|\u2029/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(json)).toEqual(data);
  });

  it('throws naming the key of a non-finite number', () => {
    expect(() => serializeJsonForScript({ features: [{ f1: Number.NaN }] })).toThrow(/f1/);
  });
});
