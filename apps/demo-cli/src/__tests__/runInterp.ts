import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The built CLI the tests run. */
export const cliPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

const run = promisify(execFile);

/** Runs the CLI to completion; returns its exit code and output. */
export async function runInterp(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], { maxBuffer: 64 * 2 ** 20, env: { ...process.env, ...env } });
    return { code: 0, signal: null, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; signal: NodeJS.Signals | null; stdout: string; stderr: string };
    return { code: e.code, signal: e.signal, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Starts the CLI; `output()` is everything it printed so far (stdout then stderr interleaved). */
export function startInterp(args: string[], env: NodeJS.ProcessEnv = {}): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor: (text: string) => Promise<void>;
} {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
  let seen = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const onData = (d: Buffer) => {
    seen += d.toString();
    for (const w of waiters.filter((w) => seen.includes(w.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => seen,
    exited,
    waitFor: (text) =>
      seen.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ text, resolve });
            void exited.then(() => reject(new Error(`exited before printing ${JSON.stringify(text)}:\n${seen}`)));
          }),
  };
}
