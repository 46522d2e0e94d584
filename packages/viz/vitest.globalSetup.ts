import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Regenerates the inlined d3 sources before any test file loads. */
export function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('./scripts/generateAssets.mjs', import.meta.url))], { stdio: 'inherit' });
}
