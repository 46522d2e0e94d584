import { describe, expect, it } from 'vitest';
import { readIntegerFlag, readRowFlag, readSwitchFlag } from './readFlags';
import { UsageError } from './UsageError';

describe('readIntegerFlag', () => {
  it('accepts decimal integers only', () => {
    expect(readIntegerFlag({ seed: '7' }, 'seed', 0, 100)).toBe(7);
    expect(readIntegerFlag({ seed: '0' }, 'seed', 0, 100)).toBe(0);
    expect(readIntegerFlag({}, 'seed', 0, 100)).toBeUndefined();
    for (const bad of ['0x10', '1e3', ' 7 ', '7.0', '', '+7', '0b1', 'Infinity', '101', '-1']) {
      expect(() => readIntegerFlag({ seed: bad }, 'seed', 0, 100), bad).toThrow(UsageError);
      expect(() => readIntegerFlag({ seed: bad }, 'seed', 0, 100), bad).toThrow(`--seed must be an integer in [0, 100] written in decimal digits, got ${JSON.stringify(bad)}`);
    }
  });
});

describe('readSwitchFlag', () => {
  it('reads on and off, and names the flag and its two values otherwise', () => {
    expect(readSwitchFlag({ 'adapt-threads': 'on' }, 'adapt-threads')).toBe(true);
    expect(readSwitchFlag({ 'adapt-threads': 'off' }, 'adapt-threads')).toBe(false);
    expect(readSwitchFlag({}, 'adapt-threads')).toBeUndefined();
    for (const bad of ['yes', 'OFF', '0', '', 'true']) {
      expect(() => readSwitchFlag({ 'adapt-threads': bad }, 'adapt-threads'), bad).toThrow(UsageError);
      expect(() => readSwitchFlag({ 'adapt-threads': bad }, 'adapt-threads'), bad).toThrow(`--adapt-threads must be on or off, got ${JSON.stringify(bad)}`);
    }
  });
});

describe('readRowFlag', () => {
  it('parses comma-separated integers and names the flag otherwise', () => {
    expect(readRowFlag({ input: '8, 9,5' }, 'input')).toEqual([8, 9, 5]);
    expect(() => readRowFlag({ input: '8,,9' }, 'input')).toThrow(/--input must be comma-separated integers/);
    expect(() => readRowFlag({ input: '0x8,9' }, 'input')).toThrow(/--input must be comma-separated integers/);
  });
});
