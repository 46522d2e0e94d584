/** A progress indicator for one step. */
export interface Progress {
  /** Reports `done` of `total` units, with an optional short status (e.g. `val MSE 0.12`). */
  update(done: number, status?: string): void;
  /** Ends the bar (a final line on a TTY). */
  finish(status?: string): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Where to draw (default stderr). */
  stream?: NodeJS.WriteStream;
  /** Draw nothing at all (`--quiet`). */
  quiet?: boolean;
  /** Force plain log lines even on a TTY. */
  plain?: boolean;
  /** Clock (tests). */
  now?: () => number;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/**
 * A progress bar with ETA on a TTY (`label [#####-----] 50% 12/24 ETA 3s status`),
 * which degrades to a plain log line every 10% (and at most every 2 s) elsewhere, e.g. in CI.
 */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const tty = !options.plain && Boolean(stream.isTTY);
  const start = now();
  let lastDraw = -Infinity;
  let lastTenth = -1;
  let finished = false;
  const render = (done: number, status: string | undefined, final: boolean): string => {
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const elapsed = (now() - start) / 1000;
    const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : Number.NaN;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const time = final ? `in ${formatSeconds(elapsed)}` : `ETA ${formatSeconds(eta)}`;
    return `${label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${total} ${time}${status ? ` ${status}` : ''}`;
  };
  return {
    update(done, status) {
      if (options.quiet || finished) return;
      const t = now();
      if (tty) {
        if (t - lastDraw < 100 && done < total) return;
        lastDraw = t;
        stream.write(`\r\x1b[2K${render(done, status, false)}`);
        return;
      }
      if (done >= total) return; // finish() prints the last line
      const tenth = Math.floor((total > 0 ? done / total : 1) * 10);
      if (tenth > lastTenth && t - lastDraw >= 2000) {
        lastTenth = tenth;
        lastDraw = t;
        stream.write(`${render(done, status, false)}\n`);
      }
    },
    finish(status) {
      if (options.quiet || finished) return;
      finished = true;
      const line = render(total, status, true);
      stream.write(tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}
