#!/usr/bin/env node
// Enforces the dependency rules of the interp monorepo (see CONTRIBUTING.md, "Dependencies point one way"):
// checks every workspace package's package.json dependencies AND the imports of its src/ files against
// the allowed @interp/* packages of its layer. Exit code 1 with one line per violation.
//
//   node tools/deps-check/src/checkDependencies.mjs [workspaceRoot]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The rules: for each package, the @interp/* packages its product code (src/ minus tests, and its
 * `dependencies`/`peerDependencies`) may use. A package missing here is an error, so a new package
 * must declare its place. Apps (`apps/*`) may use any package but no other app; nothing may use an app.
 */
export const allowedDependencies = {
  // Bottom: know nothing above them.
  '@interp/core': [],
  '@interp/report-types': [],
  '@interp/backend': [],
  '@interp/safetensors': ['@interp/core'],
  '@interp/dataset': ['@interp/core', '@interp/zip', '@interp/xlsx'],
  '@interp/zip': [],
  '@interp/npy': ['@interp/core', '@interp/safetensors', '@interp/zip'],
  '@interp/xlsx': ['@interp/core', '@interp/zip'],
  // The wasm kernels and the thread pool that sae and models share; they know no model, SAE or task.
  '@interp/kernels': ['@interp/core'],
  // sae knows no model and no task.
  '@interp/sae': ['@interp/core', '@interp/kernels', '@interp/safetensors'],
  '@interp/models': ['@interp/core', '@interp/kernels', '@interp/safetensors'],
  '@interp/harvest': ['@interp/core', '@interp/safetensors', '@interp/npy', '@interp/models'],
  '@interp/probe': ['@interp/core', '@interp/report-types', '@interp/safetensors', '@interp/dataset', '@interp/kernels', '@interp/models', '@interp/sae', '@interp/xlsx'],
  // viz renders plain data.
  '@interp/viz': ['@interp/core', '@interp/report-types'],
  // The pipeline the CLI and the lab share: everything but viz and the apps.
  '@interp/pipeline': ['@interp/core', '@interp/report-types', '@interp/dataset', '@interp/models', '@interp/harvest', '@interp/sae', '@interp/probe'],
};

/** Test files and test helpers may import dev dependencies (e.g. @interp/backend), but never an app. */
const isTestFile = (file) => /\.test\.tsx?$|\.e2e\.test\.tsx?$|(^|\/)__tests__\//.test(file);

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** The @interp/* package names imported by a source text (static and dynamic imports, re-exports, require). */
export function findInterpImports(source) {
  // Drop comments first: TSDoc examples mention packages that the code does not import.
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const names = new Set();
  const patterns = [
    // import/export statements (possibly over several lines), anchored at a line start so text in strings does not count
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"](@interp\/[^/'"]+)(?:\/[^'"]*)?['"]/gm,
    // side-effect imports
    /^\s*import\s*['"](@interp\/[^/'"]+)(?:\/[^'"]*)?['"]/gm,
    // dynamic import() and require()
    /\b(?:import|require)\s*\(\s*['"](@interp\/[^/'"]+)(?:\/[^'"]*)?['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) names.add(m[1]);
  return [...names];
}

function readWorkspace(root) {
  const projects = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const pkgPath = join(dir, name, 'package.json');
      if (!existsSync(pkgPath)) continue;
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
      projects.push({ dir: join(dir, name), pkg, isApp: group === 'apps' });
    }
  }
  return projects;
}

/**
 * Checks a workspace; returns the violations (strings naming the package, the file or manifest field,
 * and the forbidden dependency).
 */
export function checkWorkspace(root, rules = allowedDependencies) {
  const projects = readWorkspace(root);
  const apps = new Set(projects.filter((p) => p.isApp).map((p) => p.pkg.name));
  const problems = [];
  for (const { dir, pkg, isApp } of projects) {
    const name = pkg.name;
    const rel = (f) => relative(root, f);
    const allowed = isApp ? null : rules[name];
    if (!isApp && !allowed) {
      problems.push(`${name} (${rel(join(dir, 'package.json'))}): no dependency rule; add it to allowedDependencies`);
      continue;
    }
    const check = (dep, where, { test }) => {
      if (!dep.startsWith('@interp/') || dep === name) return;
      if (apps.has(dep)) problems.push(`${name}: ${where} uses the app ${dep} (nothing imports an app)`);
      else if (!test && allowed && !allowed.includes(dep)) {
        problems.push(`${name}: ${where} uses ${dep}, which is above it (allowed: ${allowed.join(', ') || 'no @interp package'})`);
      }
    };
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const dep of Object.keys(pkg[field] ?? {})) check(dep, `package.json ${field}`, { test: false });
    }
    // devDependencies serve tests, benches and build order (an app's binary run by an e2e test): not checked.
    const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    for (const file of listFiles(join(dir, 'src'))) {
      const test = isTestFile(relative(dir, file));
      for (const dep of findInterpImports(readFileSync(file, 'utf8'))) {
        if (dep === name) continue;
        check(dep, rel(file), { test });
        if (!test && !apps.has(dep) && !runtime.has(dep)) {
          problems.push(`${name}: ${rel(file)} imports ${dep}, which is not in its dependencies (a devDependency is for tests only)`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..'));
  const problems = checkWorkspace(root);
  if (problems.length > 0) {
    console.error(`Dependency rules broken (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`Dependency rules hold for ${readWorkspace(root).length} workspace packages.`);
}
