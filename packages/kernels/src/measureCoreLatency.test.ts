import { describe, expect, it } from 'vitest';
import { measureCoreLatency } from './measureCoreLatency';

describe('measureCoreLatency', () => {
  it('bounces a value between two threads and reports half a round trip, the least of its samples', async () => {
    const started = performance.now();
    const { oneWayNs, samplesNs, roundTrips } = await measureCoreLatency({ samples: 3, roundTrips: 500 });
    const elapsedNs = (performance.now() - started) * 1e6;
    expect(roundTrips).toBe(500);
    expect(samplesNs).toHaveLength(3);
    expect(oneWayNs).toBe(Math.min(...samplesNs));
    for (const s of samplesNs) expect(s).toBeGreaterThan(0);
    // 3 samples of 500 round trips (1000 one-way trips each) fit in the call's own time
    expect(samplesNs.reduce((a, b) => a + b, 0) * 1000).toBeLessThan(elapsedNs);
  });

  it('rejects options out of range or unknown, naming them', async () => {
    await expect(measureCoreLatency({ samples: 0 })).rejects.toThrow(/measureCoreLatency: options.samples must be an integer/);
    await expect(measureCoreLatency({ roundTrips: 1.5 })).rejects.toThrow(/measureCoreLatency: options.roundTrips/);
    await expect(measureCoreLatency({ timeoutMs: 0 })).rejects.toThrow(/measureCoreLatency: options.timeoutMs/);
    await expect(measureCoreLatency({ rounds: 3 } as never)).rejects.toThrow(/rounds/);
  });
});
