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

describe('serializeJsonForScript on plain data', () => {
  it('writes what the checked JSON.stringify writes, escapes included, and still throws on a non-finite number deep inside', () => {
    const data = {
      features: Array.from({ length: 30 }, (_, i) => ({ id: i, x: i / 7, neg: -0, label: i % 3 ? `p1=${i} & <b>` : null, rows: [[1, 2], [3, { y: 1e-300 }]] })),
      when: new Date(0),
      skipped: undefined,
      sep: '\u2028',
    };
    const checked = JSON.stringify(data, (_k, v: unknown) => v)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
    expect(serializeJsonForScript(data)).toBe(checked);
    const deep = { a: [{ b: [{ c: [1, 2, Number.POSITIVE_INFINITY] }] }] };
    expect(() => serializeJsonForScript(deep)).toThrow(/non-finite number Infinity at key "2"/);
    const viaToJson = { v: { toJSON: () => ({ bad: Number.NaN }) } };
    expect(() => serializeJsonForScript(viaToJson)).toThrow(/non-finite number NaN at key "bad"/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => serializeJsonForScript(cyclic)).toThrow(TypeError);
  });
});
