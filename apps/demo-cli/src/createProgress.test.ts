import { describe, expect, it } from 'vitest';
import { createProgress } from './createProgress';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
}

describe('createProgress', () => {
  it('off a TTY prints plain lines at most every 10% and a final line, with no carriage returns', () => {
    const { chunks, stream } = fakeStream(false);
    let t = 0;
    const bar = createProgress('SAE', 100, { stream, now: () => t });
    for (let i = 1; i <= 100; i++) {
      t += 1000;
      bar.update(i);
    }
    bar.finish('done');
    expect(chunks.length).toBe(11);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks.at(-1)).toMatch(/^SAE \[#{24}\] 100% 100\/100 in 1m40s done\n$/);
  });

  it('on a TTY redraws one line with an ETA', () => {
    const { chunks, stream } = fakeStream(true);
    let t = 0;
    const bar = createProgress('MLP', 10, { stream, now: () => t });
    t = 2000;
    bar.update(5);
    expect(chunks[0]).toMatch(/^\r\x1b\[2KMLP \[#{12}-{12}\]  50% 5\/10 ETA 2s$/);
  });

  it('draws nothing when quiet', () => {
    const { chunks, stream } = fakeStream(true);
    const bar = createProgress('x', 3, { stream, quiet: true });
    bar.update(1);
    bar.finish();
    expect(chunks).toEqual([]);
  });
});
