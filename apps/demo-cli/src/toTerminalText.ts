/** Lines longer than this are cut when shown on a terminal. */
export const TERMINAL_LINE_LIMIT = 2000;

/**
 * Makes untrusted text safe to print on a terminal: control characters (escape sequences, carriage
 * returns, bells; C0 and C1 except newline and tab) become visible `\xNN` / `\uNNNN` escapes, and
 * every line is cut to `limit` characters with a note of how much was left out.
 *
 * @example
 * ```ts
 * toTerminalText('tensor \x1b[2Jname'); // 'tensor \\x1b[2Jname'
 * ```
 */
export function toTerminalText(text: string, limit = TERMINAL_LINE_LIMIT): string {
  return text
    .split('\n')
    .map((line) => {
      const cut = line.length > limit ? `${line.slice(0, limit)}... (${line.length - limit} more characters)` : line;
      // eslint-disable-next-line no-control-regex
      return cut.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      });
    })
    .join('\n');
}
