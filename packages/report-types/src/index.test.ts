import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CircuitTrace, FeatureSummary, Histogram, RunSummary } from './index';

const histogram: Histogram = { min: 0, max: 1, counts: [3, 5, 2, 0] };

describe('@interp/report-types', () => {
  it('declares the fields the renderers read, with their types', () => {
    expectTypeOf<FeatureSummary['id']>().toEqualTypeOf<number>();
    expectTypeOf<FeatureSummary['label']>().toEqualTypeOf<string | null>();
    expectTypeOf<FeatureSummary['histogram']>().toEqualTypeOf<Histogram>();
    expectTypeOf<RunSummary['sae']['densityLog10']>().toEqualTypeOf<Histogram>();
    expectTypeOf<CircuitTrace['positions']>().toBeArray();
  });

  it('is plain data: a value survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(histogram))).toEqual(histogram);
  });
});
