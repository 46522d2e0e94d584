import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, findInterpImports } from '../src/checkDependencies.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '..', 'src', 'checkDependencies.mjs');
const repo = join(here, '..', '..', '..');

/** A copy of the fixture workspace (a clean sae, dataset and app) to break in one way per test. */
function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'deps-check-'));
  cpSync(join(here, 'fixture'), dir, { recursive: true });
  return dir;
}

function runCli(root) {
  try {
    return { code: 0, out: execFileSync(process.execPath, [script, root], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    return { code: e.status, out: String(e.stderr) };
  }
}

describe('checkDependencies', () => {
  it('passes the fixture and this repository', () => {
    expect(checkWorkspace(fixture())).toEqual([]);
    expect(checkWorkspace(repo)).toEqual([]);
  });

  it('fails (exit code 1) when sae imports a model package in src', () => {
    const root = fixture();
    writeFileSync(join(root, 'packages/sae/src/bad.ts'), "import { createMlp } from '@interp/models';\nexport const m = createMlp;\n");
    const { code, out } = runCli(root);
    expect(code).toBe(1);
    expect(out).toMatch(/@interp\/sae: packages\/sae\/src\/bad\.ts uses @interp\/models, which is above it/);
  });

  it('fails when a bottom package lists a package above it in its dependencies', () => {
    const root = fixture();
    const pkg = join(root, 'packages/dataset/package.json');
    writeFileSync(pkg, JSON.stringify({ name: '@interp/dataset', dependencies: { '@interp/core': 'workspace:^', '@interp/sae': 'workspace:^' } }));
    expect(checkWorkspace(root)).toEqual([expect.stringMatching(/@interp\/dataset: package\.json dependencies uses @interp\/sae/)]);
  });

  it('fails when anything imports an app, tests included', () => {
    const root = fixture();
    writeFileSync(join(root, 'packages/sae/src/x.test.ts'), "import { main } from '@interp/demo-cli';\n");
    expect(checkWorkspace(root)).toEqual([expect.stringMatching(/imports|uses the app @interp\/demo-cli/)]);
  });

  it('fails when product code imports a dev-only dependency, and when a package has no rule', () => {
    const root = fixture();
    writeFileSync(join(root, 'packages/sae/src/y.ts'), "export { createRng } from '@interp/core/node';\n");
    writeFileSync(join(root, 'packages/sae/package.json'), JSON.stringify({ name: '@interp/sae', devDependencies: { '@interp/core': 'workspace:^' } }));
    expect(checkWorkspace(root)).toEqual([
      expect.stringMatching(/index\.ts imports @interp\/core, which is not in its dependencies/),
      expect.stringMatching(/y\.ts imports @interp\/core, which is not in its dependencies/),
    ]);
    writeFileSync(join(root, 'packages/sae/package.json'), JSON.stringify({ name: '@interp/new-thing' }));
    expect(checkWorkspace(root)).toEqual([expect.stringMatching(/@interp\/new-thing .*no dependency rule/)]);
  });

  it('reads imports, re-exports, dynamic imports and require, but not comments', () => {
    const text = [
      "import { a } from '@interp/core';",
      "export { b } from '@interp/sae/node';",
      "const c = await import('@interp/viz');",
      "const d = require('@interp/npy');",
      "/** @example import { e } from '@interp/probe' */",
      "// import { f } from '@interp/models';",
      "throw new Error(\"run: import { selectBackend } from '@interp/backend'; first\");",
      "import {\n  g,\n  h,\n} from '@interp/dataset/node';",
    ].join('\n');
    expect(findInterpImports(text).sort()).toEqual(['@interp/core', '@interp/dataset', '@interp/npy', '@interp/sae', '@interp/viz']);
  });
});
