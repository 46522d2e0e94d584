import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseArtifact, parseProbeFile, probeFileSchema } from './reportInputSchemas';

/** A small probe_results.json with every field of the schema, optional ones included. */
function sampleFile(): Record<string, unknown> {
  const feature = (id: number, withOptional: boolean): Record<string, unknown> => ({
    id,
    label: id === 0 ? null : `a = ${id}`,
    ...(withOptional ? { bestConcept: 'a = 3' } : {}),
    precision: 0.5,
    recall: 1,
    f1: 0,
    frequency: 0.25,
    firingCount: 12,
    meanActivation: -0.5,
    stdActivation: 2.5,
    maxActivation: 7,
    histogram: { min: -1, max: 3.5, counts: [1, 0, 4] },
    topRows: [
      {
        inputs: [1, -2, 3],
        activation: 1.5,
        p1: 0,
        p2: 3,
        ...(withOptional ? { target: 4 } : {}),
      },
      { inputs: [], activation: 0, p1: 2, p2: 1 },
    ],
    alignedNeurons: [{ neuron: 5, cosine: -0.75 }],
    outputEffect: { ablateDelta: -0.125, addDelta: 3 },
    correlations: { a: 0.5, b: null, diff: -1, target: null },
  });
  return {
    probes: [
      {
        input: [3, 1, -4],
        expected: 2,
        output: 2.25,
        outputs: [2.25],
        hook: 'hidden.post',
        activeFeatures: 32,
        topFeatures: [{ feature: 7, activation: 1.75 }],
      },
    ],
    features: [feature(0, false), feature(1, true)],
    trace: {
      inputNames: ['c1_0', 'p1'],
      positions: [
        {
          position: 0,
          name: 'c1_0',
          neurons: [
            {
              neuron: 3,
              weight: -0.5,
              features: [
                { feature: 1, weight: 2, label: null },
                { feature: 2, weight: 1 },
              ],
            },
          ],
        },
      ],
      heatmap: {
        rows: [{ position: 1, name: 'p1', value: 0.5 }],
        columns: [
          { kind: 'neuron', index: 3 },
          { kind: 'feature', index: 1, label: 'a = 1' },
        ],
        values: [[0.5, -1], []],
      },
    },
    splice: {
      hook: 'hidden.post',
      rows: 1000,
      mseClean: 0.01,
      mseSpliced: 0.4,
      mseZeroAblated: 15,
      mseRecovered: 97.5,
    },
    scoredCount: 1280,
    monosemanticCount: 941,
    monosemanticShare: 0.735,
    labellingConcepts: ['a = 0', 'p1 = 3'],
  };
}

type Path = Array<string | number>;

/** Every path of the tree (objects' keys, arrays' items), the root excluded. */
function listPaths(v: unknown, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [];
  const keys: Array<string | number> = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return keys.flatMap((k) => {
    const p = [...prefix, k];
    return [p, ...listPaths((v as Record<string | number, unknown>)[k], p)];
  });
}

function mutate(root: unknown, path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  change(parent, path[path.length - 1] as string | number);
  return copy;
}

const replacements: unknown[] = [
  -1,
  0,
  1,
  2,
  0.5,
  1.5,
  -0.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  'x',
  'neuron',
  'a'.repeat(200),
  'a'.repeat(201),
  null,
  true,
  {},
  [],
  [1],
  { x: 1 },
];

/** What a call gives: the value as JSON, or the error message. */
function outcome(parse: () => unknown): { ok: boolean; text: string } {
  try {
    return { ok: true, text: JSON.stringify(parse()) };
  } catch (error) {
    return { ok: false, text: (error as Error).message };
  }
}

/** parseProbeFile (compiled schema) against parseArtifact on the runtime schema, for one input: same value or same error. */
function expectSameVerdict(value: unknown, what: string): void {
  const compiled = outcome(() => parseProbeFile(value, 'out/probe_results.json'));
  const runtime = outcome(() => parseArtifact(probeFileSchema, value, 'out/probe_results.json'));
  expect(compiled, what).toEqual(runtime);
}

describe('parseProbeFile', () => {
  it("compiles probeFileSchema to zod's fast path (nothing in it the compiler cannot model)", () => {
    expect(() => z.compile(probeFileSchema, { strict: true })).not.toThrow();
  });

  it('accepts a valid file and returns what zod returns, keys in the schema order even when the file has them in another', () => {
    const file = sampleFile();
    expect(JSON.stringify(parseProbeFile(file, 'out/probe_results.json'))).toBe(JSON.stringify(probeFileSchema.parse(file)));
    const reversed = JSON.parse(JSON.stringify(file), (_, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as unknown;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(file));
    expect(JSON.stringify(parseProbeFile(reversed, 'out/probe_results.json'))).toBe(JSON.stringify(file));
    expectSameVerdict(reversed, 'reversed keys');
  });

  it('agrees with the runtime schema on every field replaced by each of 20 values, removed, set to undefined or given an extra key', () => {
    const file = sampleFile();
    const paths = listPaths(file);
    expect(paths.length).toBeGreaterThan(150);
    let rejected = 0;
    for (const path of paths) {
      const where = path.join('.');
      for (const r of replacements) {
        const value = mutate(file, path, (parent, key) => {
          parent[key] = r;
        });
        expectSameVerdict(value, `${where} = ${String(r).slice(0, 20)}`);
        if (!probeFileSchema.safeParse(value).success) rejected++;
      }
      expectSameVerdict(
        mutate(file, path, (parent, key) => {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key];
        }),
        `${where} removed`,
      );
      // Never so in JSON, but zod accepts an optional key given as undefined: so must the compiled path.
      expectSameVerdict(
        mutate(file, path, (parent, key) => {
          parent[key] = undefined;
        }),
        `${where} = undefined`,
      );
      const node = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], file);
      if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
        expectSameVerdict(
          mutate(file, path, (parent, key) => {
            (parent[key] as Record<string, unknown>).extra = 1;
          }),
          `${where}.extra`,
        );
      }
    }
    expect(rejected).toBeGreaterThan(paths.length * 10);
    expectSameVerdict(null, 'null');
    expectSameVerdict([], 'an array');
    expectSameVerdict({ ...file, extra: 1 }, 'extra top-level key');
  });

  it('names the file and field of a bad value', () => {
    const bad = mutate(sampleFile(), ['features', 1, 'precision'], (parent, key) => {
      parent[key] = 1.5;
    });
    expect(() => parseProbeFile(bad, 'out/probe_results.json')).toThrow(/out\/probe_results\.json: invalid field features\[1\]\.precision/);
  });
});
