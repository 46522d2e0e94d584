import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSha256, getScriptHashSource } from './computeSha256';

describe('computeSha256', () => {
  it('matches node:crypto on the FIPS examples, block edges and non-ASCII text', () => {
    const inputs = ['', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'é漢字🙂'.repeat(40)];
    for (const input of inputs) {
      expect(Buffer.from(computeSha256(input)).toString('hex'), JSON.stringify(input.slice(0, 20))).toBe(createHash('sha256').update(input).digest('hex'));
    }
    expect(Buffer.from(computeSha256('abc')).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('formats a CSP hash source', () => {
    expect(getScriptHashSource('alert(1)')).toBe(`'sha256-${createHash('sha256').update('alert(1)').digest('base64')}'`);
  });

  it('gives the right hash for long scripts hashed again (remembered) and for many different ones', () => {
    for (let i = 0; i < 70; i++) {
      const source = `var x = ${i};`.repeat(200);
      const expected = `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
      expect(getScriptHashSource(source)).toBe(expected);
      expect(getScriptHashSource(source)).toBe(expected);
      expect(getScriptHashSource(`var x = ${(i + 1) % 70};`.repeat(200))).toBe(`'sha256-${createHash('sha256').update(`var x = ${(i + 1) % 70};`.repeat(200)).digest('base64')}'`);
    }
  });
});
