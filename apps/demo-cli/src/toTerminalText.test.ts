import { describe, expect, it } from 'vitest';
import { toTerminalText } from './toTerminalText';

describe('toTerminalText', () => {
  it('escapes control characters and keeps newlines and tabs', () => {
    expect(toTerminalText('a\x1b[2Jb\rc\x07d\u009be')).toBe('a\\x1b[2Jb\\x0dc\\x07d\\x9be');
    expect(toTerminalText('one\ntwo\tthree')).toBe('one\ntwo\tthree');
  });

  it('cuts long lines and says how much was left out', () => {
    expect(toTerminalText('x'.repeat(30), 10)).toBe(`${'x'.repeat(10)}... (20 more characters)`);
    expect(toTerminalText(`${'y'.repeat(5)}\n${'z'.repeat(12)}`, 10)).toBe(`yyyyy\n${'z'.repeat(10)}... (2 more characters)`);
  });
});
