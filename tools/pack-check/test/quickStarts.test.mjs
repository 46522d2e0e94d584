// Every README quick start runs as written in a fresh project that installs the packed tarballs:
// `pnpm pack` each publishable package, install the tarballs (plus the third-party packages the README
// install lines name) into a temp project outside the workspace with pnpm (offline, from the local store)
// and with npm (--prefer-offline; skipped with a message when the registry cannot be reached), then run
// every ```ts quickstart block with node. The install lines must name every package a snippet imports.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuickStarts } from '../src/readQuickStarts.mjs';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const packages = readdirSync(join(root, 'packages'))
  .sort()
  .map((dir) => ({ dir: join(root, 'packages', dir), json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.json.private);

/** pnpm as the test was started by it (`pnpm test` sets npm_execpath), else the one on PATH. */
const pnpmCommand = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['pnpm'];

function run(command, args, options = {}) {
  return new Promise((resolvePromise) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, timeout: options.timeout ?? 240_000, ...options }, (error, stdout, stderr) => {
      resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, error });
    });
  });
}

async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

/** Version of a third-party package as the workspace pins it (dependencies, dev or peer), else `*`. */
function workspaceVersion(name) {
  for (const { json } of packages) {
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      const v = json[field]?.[name];
      if (v && !v.startsWith('workspace:')) return v.replace(/^[\^~]/, '');
    }
  }
  return '*';
}

const readmes = packages.map((p) => ({ name: p.json.name, path: join(p.dir, 'README.md'), ...readQuickStarts(join(p.dir, 'README.md')) }));
const snippets = readmes.flatMap((r) => r.snippets.map((s, i) => ({ ...s, readme: r, id: `${r.name.replace('@interp/', '')}-${i + 1}` })));

let work;
const tarballs = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'interp-quickstarts-'));
  const dest = join(work, 'tarballs');
  await mkdir(dest);
  await mapLimit(packages, 4, async (p) => {
    const [cmd, ...pre] = pnpmCommand;
    const r = await run(cmd, [...pre, 'pack', '--pack-destination', dest], { cwd: p.dir });
    if (r.code !== 0) throw new Error(`pnpm pack in ${p.dir} failed:\n${r.stderr}`);
    const file = r.stdout.trim().split('\n').filter((l) => l.endsWith('.tgz')).at(-1);
    tarballs[p.json.name] = file?.startsWith('/') ? file : join(dest, `${p.json.name.replace('@', '').replace('/', '-')}-${p.json.version}.tgz`);
    if (!existsSync(tarballs[p.json.name])) throw new Error(`pnpm pack in ${p.dir}: no tarball at ${tarballs[p.json.name]}\n${r.stdout}`);
  });
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A temp project depending on every tarball and on the third-party packages the install lines name. */
async function createProject(name, overridesField) {
  const dir = join(work, name);
  await mkdir(dir);
  const dependencies = {};
  const overrides = {};
  for (const [pkg, file] of Object.entries(tarballs)) {
    dependencies[pkg] = `file:${file}`;
    overrides[pkg] = `file:${file}`;
  }
  for (const r of readmes) for (const pkg of r.installs) if (!pkg.startsWith('@interp/')) dependencies[pkg] = workspaceVersion(pkg);
  const json = { name: `quickstarts-${name}`, private: true, type: 'module', dependencies };
  if (overridesField === 'pnpm') json.pnpm = { overrides };
  else json.overrides = overrides;
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(json, null, 2)}\n`);
  return dir;
}

/** Runs every snippet in `project` (each in its own folder, as a fresh script); returns the failures. */
async function runSnippets(project) {
  const failures = [];
  await mapLimit(snippets, 2, async (s) => {
    const dir = join(project, s.id);
    await mkdir(dir, { recursive: true });
    const js = ts.transpileModule(s.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    await writeFile(join(dir, 'quickstart.mjs'), js);
    const r = await run(process.execPath, ['quickstart.mjs'], { cwd: dir, timeout: 120_000 });
    if (r.code !== 0) failures.push(`${s.readme.path}:${s.line} (${s.id}) exited ${r.code}:\n${r.stderr.slice(-2000)}`);
  });
  return failures;
}

describe('README quick starts', () => {
  it('every README has a quick start, and its install lines name every package it imports', () => {
    const problems = [];
    for (const r of readmes) {
      if (r.snippets.length === 0 && r.name !== '@interp/report-types') problems.push(`${r.path}: no \`\`\`ts quickstart block`);
      for (const s of r.snippets) {
        const missing = s.imports.filter((pkg) => !r.installs.includes(pkg));
        if (missing.length > 0) problems.push(`${r.path}:${s.line} imports ${missing.join(', ')}, which no install line names (install lines: ${r.installs.join(' ') || 'none'})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('run as written after installing the packed tarballs with pnpm (offline from the local store, else --prefer-offline)', async () => {
    const project = await createProject('pnpm', 'pnpm');
    const [cmd, ...pre] = pnpmCommand;
    const flags = ['--ignore-scripts', '--config.auto-install-peers=false', '--config.strict-peer-dependencies=false'];
    // --offline needs the registry metadata in pnpm's cache too (a frozen install does not fetch it): then
    // resolve with --prefer-offline (metadata from the registry, package files from the local store).
    let install = await run(cmd, [...pre, 'install', '--offline', ...flags], { cwd: project });
    if (install.code !== 0) install = await run(cmd, [...pre, 'install', '--prefer-offline', ...flags], { cwd: project });
    expect(install.code, `pnpm install --prefer-offline failed:\n${install.stdout}\n${install.stderr}`).toBe(0);
    expect(await runSnippets(project)).toEqual([]);
  }, 600_000);

  it('run as written after installing the packed tarballs with npm (--prefer-offline)', async (ctx) => {
    const ping = await run('npm', ['ping', '--loglevel=error'], { cwd: work, timeout: 20_000 });
    if (ping.code !== 0) {
      console.warn(
        `npm quick-start check SKIPPED: the npm registry is not reachable (npm ping: ${ping.stderr.trim().split('\n').at(-1) ?? 'failed'}); ` +
          'npm cannot install @tensorflow/tfjs-core, tfjs-backend-wasm, exceljs and d3 offline unless its cache already holds them.',
      );
      ctx.skip();
      return;
    }
    const project = await createProject('npm', 'npm');
    const install = await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
    expect(install.code, `npm install --prefer-offline failed:\n${install.stdout}\n${install.stderr}`).toBe(0);
    expect(await runSnippets(project)).toEqual([]);
  }, 600_000);
});
