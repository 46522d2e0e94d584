import { describe, expect, it } from 'vitest';
import { checkEnum } from './checkEnum';
import { checkInteger } from './checkInteger';
import { checkKnownKeys } from './checkKnownKeys';
import { checkNumber } from './checkNumber';
import { describeRange } from './describeRange';

describe('checkInteger', () => {
  it('returns a valid value', () => {
    expect(checkInteger(3, 'k', { min: 1, max: 3 })).toBe(3);
    expect(checkInteger(-7, 'offset')).toBe(-7);
  });
  it.each([
    [0, { min: 1 }, 'options.bins must be an integer >= 1, got 0'],
    [1.5, { min: 0 }, 'options.bins must be an integer >= 0, got 1.5'],
    [65, { min: 1, max: 64 }, 'options.bins must be an integer in [1, 64], got 65'],
    ['3', { min: 1 }, 'options.bins must be an integer >= 1, got "3"'],
    [Number.NaN, {}, 'options.bins must be an integer, got NaN'],
  ])('rejects %s with a message naming the option and range', (value, range, message) => {
    expect(() => checkInteger(value, 'options.bins', range)).toThrow(new RangeError(message));
  });
});

describe('checkNumber', () => {
  it('returns a valid value', () => {
    expect(checkNumber(0.5, 'p', { min: 0, max: 1 })).toBe(0.5);
  });
  it.each([
    [0, { min: 0, exclusiveMin: true }, 'lr must be a finite number > 0, got 0'],
    [1, { min: 0, max: 1, exclusiveMax: true }, 'lr must be a finite number in [0, 1), got 1'],
    [Number.POSITIVE_INFINITY, {}, 'lr must be a finite number, got Infinity'],
    [null, { max: 2 }, 'lr must be a finite number <= 2, got null'],
  ])('rejects %s with a message naming the option and range', (value, range, message) => {
    expect(() => checkNumber(value, 'lr', range)).toThrow(new RangeError(message));
  });
});

describe('checkEnum', () => {
  it('returns a valid value', () => {
    expect(checkEnum('topk', 'architecture', ['relu', 'topk'])).toBe('topk');
  });
  it('rejects others, listing the valid values', () => {
    expect(() => checkEnum('gelu', 'activation', ['relu', 'tanh'])).toThrow(
      new RangeError('activation must be one of relu, tanh, got "gelu"'),
    );
    expect(() => checkEnum(3, 'activation', ['relu'])).toThrow(/got 3$/);
  });
});

describe('checkKnownKeys', () => {
  it('passes known keys and names an unknown one with its likely spelling', () => {
    expect(() => checkKnownKeys({ epochs: 1 }, 'options', ['epochs', 'batchSize'])).not.toThrow();
    expect(() => checkKnownKeys({ epochs: 1, epoch: 2 }, 'trainSae: options', ['epochs', 'batchSize'])).toThrow(
      new RangeError('trainSae: options: unknown key "epoch" (did you mean "epochs"?) (known: epochs, batchSize)'),
    );
  });
  it('names every unknown key, suggesting a known one only for near misses', () => {
    expect(() => checkKnownKeys({ epoch: 1, zzz: 2 }, 'options', ['epochs', 'batchSize'])).toThrow(
      new RangeError('options: unknown keys "epoch" (did you mean "epochs"?), "zzz" (known: epochs, batchSize)'),
    );
  });
});

describe('describeRange', () => {
  it('words every kind of bound', () => {
    expect(describeRange({ min: 0, max: 1, exclusiveMin: true })).toBe('in (0, 1]');
    expect(describeRange({ max: 1, exclusiveMax: true })).toBe('< 1');
    expect(describeRange({})).toBe('');
    expect(describeRange({ min: 1, max: 8, maxName: 'dSae' })).toBe('in [1, dSae=8]');
    expect(describeRange({ max: 8, exclusiveMax: true, maxName: 'dSae' })).toBe('< dSae=8');
  });
});
