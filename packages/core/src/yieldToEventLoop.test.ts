import { describe, expect, it, vi } from 'vitest';
import { yieldToEventLoop } from './yieldToEventLoop';

describe('yieldToEventLoop', () => {
  it('resolves after pending I/O callbacks and immediates have run, not within the current microtasks', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('earlier immediate'));
    void Promise.resolve().then(() => order.push('microtask'));
    const done = yieldToEventLoop().then(() => order.push('yielded'));
    expect(order).toEqual([]);
    await done;
    expect(order).toEqual(['microtask', 'earlier immediate', 'yielded']);
  });

  it('waits on no timer in Node: it resolves while setTimeout is frozen (setTimeout(0) waits at least 1 ms there)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      for (let i = 0; i < 100; i++) await yieldToEventLoop();
    } finally {
      vi.useRealTimers();
    }
  }, 2000);
});
