import { describe, expect, it } from 'vitest';
import { createWorkBalancer } from './createWorkBalancer';

/** Records `steps` phases in which thread `t` computes its share at `speed[t]` items per second; returns the balancer. */
function simulate(total: number, grain: number, speed: number[], steps: number) {
  const balancer = createWorkBalancer({ total, threads: speed.length, grain });
  for (let s = 0; s < steps; s++) {
    const b = balancer.bounds;
    balancer.record(speed.map((v, t) => (b[t + 1]! - b[t]!) / v));
  }
  return balancer;
}

describe('createWorkBalancer', () => {
  it('starts from the even split in whole grains, the last bound at the total', () => {
    expect(Array.from(createWorkBalancer({ total: 2048, threads: 2, grain: 64 }).bounds)).toEqual([0, 1024, 2048]);
    expect(Array.from(createWorkBalancer({ total: 100, threads: 3, grain: 8 }).bounds)).toEqual([0, 40, 80, 100]);
    expect(Array.from(createWorkBalancer({ total: 10, threads: 4 }).bounds)).toEqual([0, 3, 6, 9, 10]);
  });

  it('moves items to the faster thread in proportion to the measured speeds', () => {
    const balancer = createWorkBalancer({ total: 2048, threads: 2, grain: 64 });
    expect(balancer.record([0.0075, 0.0053])).toBe(true);
    expect(Array.from(balancer.bounds)).toEqual([0, 832, 2048]);
    expect(balancer.moves).toBe(1);
    // at those speeds the new split predicts 6.3 ms instead of 7.5: the phase ends on both threads at about the same time
    const [s0, s1] = balancer.speeds;
    expect(Math.max(832 / s0!, 1216 / s1!)).toBeLessThan(0.0064);
  });

  it('keeps the even split on equal cores and when the gain is below minGain', () => {
    expect(simulate(2048, 64, [1e5, 1e5], 50).moves).toBe(0);
    // 2% faster: the best move (one grain) predicts less than 3% gain
    expect(simulate(2048, 64, [1e5, 1.02e5], 50).moves).toBe(0);
    const eager = createWorkBalancer({ total: 2048, threads: 2, grain: 1, minGain: 0 });
    eager.record([1 / 1e5 * 1024, 1 / 1.02e5 * 1024]);
    expect(eager.bounds[1]).toBeLessThan(1024);
  });

  it('settles on bounds that follow the speeds of three threads without oscillating', () => {
    const balancer = simulate(3000, 10, [1, 2, 3], 40);
    expect(Array.from(balancer.bounds)).toEqual([0, 500, 1500, 3000]);
    const moves = balancer.moves;
    const more = simulate(3000, 10, [1, 2, 3], 80);
    expect(more.moves).toBe(moves);
  });

  it('follows a thread that turns slow, with smoothing', () => {
    const balancer = createWorkBalancer({ total: 1024, threads: 2, grain: 32, smoothing: 0.5 });
    const speed = [1000, 1000];
    const run = (steps: number) => {
      for (let s = 0; s < steps; s++) {
        const b = balancer.bounds;
        balancer.record([(b[1]! - b[0]!) / speed[0]!, (b[2]! - b[1]!) / speed[1]!]);
      }
    };
    run(5);
    expect(Array.from(balancer.bounds)).toEqual([0, 512, 1024]);
    speed[1] = 500; // thread 1 halves its speed: it should end with a third of the items
    run(30);
    expect(balancer.bounds[1]).toBeGreaterThanOrEqual(672);
    expect(balancer.bounds[1]).toBeLessThanOrEqual(704);
  });

  it('leaves every thread at least one grain, so that each speed stays measured', () => {
    const balancer = simulate(512, 64, [1, 1000], 30);
    expect(Array.from(balancer.bounds)).toEqual([0, 64, 512]);
  });

  it('ignores threads without a share or without time until every thread is measured', () => {
    const balancer = createWorkBalancer({ total: 256, threads: 2, grain: 64 });
    expect(balancer.record([0.001, 0])).toBe(false);
    expect(balancer.record([0.001, Number.NaN])).toBe(false);
    expect(Array.from(balancer.bounds)).toEqual([0, 128, 256]);
    expect(balancer.record([0.001, 0.003])).toBe(true);
    expect(balancer.bounds[1]).toBe(192);
  });

  it('writes its bounds into the array it is given', () => {
    const bounds = new Int32Array(new SharedArrayBuffer(12));
    const balancer = createWorkBalancer({ total: 96, threads: 2, grain: 16, bounds });
    expect(balancer.bounds).toBe(bounds);
    expect(Array.from(bounds)).toEqual([0, 48, 96]);
  });

  it('names the parameter and its range in errors', () => {
    expect(() => createWorkBalancer({ total: 0, threads: 2 })).toThrow('createWorkBalancer: total must be an integer >= 1, got 0');
    expect(() => createWorkBalancer({ total: 8, threads: 1.5 })).toThrow('createWorkBalancer: threads must be an integer >= 1, got 1.5');
    expect(() => createWorkBalancer({ total: 8, threads: 2, grain: 0 })).toThrow('createWorkBalancer: grain must be an integer >= 1, got 0');
    expect(() => createWorkBalancer({ total: 8, threads: 2, smoothing: 0 })).toThrow('createWorkBalancer: smoothing must be a finite number in (0, 1], got 0');
    expect(() => createWorkBalancer({ total: 8, threads: 2, minGain: 1 })).toThrow('createWorkBalancer: minGain must be a finite number in [0, 1), got 1');
    expect(() => createWorkBalancer({ total: 8, threads: 2, bounds: new Int32Array(2) })).toThrow('createWorkBalancer: bounds must be an Int32Array of threads + 1 = 3 entries');
    expect(() => createWorkBalancer({ total: 8, threads: 2, grian: 4 } as never)).toThrow(/createWorkBalancer: options.*"grian" \(did you mean "grain"\?\)/);
    expect(() => createWorkBalancer({ total: 8, threads: 2 }).record([1])).toThrow('createWorkBalancer: record needs the seconds of 2 threads, got 1');
  });
});
