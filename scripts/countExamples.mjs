#!/usr/bin/env node
// Counts the public exports (every name exported by a package's src/index.ts and src/node.ts) whose
// declaration has no TSDoc `@example`, per package. `@internal` exports are not public and not counted.
//
//   node scripts/countExamples.mjs [root]    # table (--list: the missing names)
//   node scripts/countExamples.mjs --check   # exit 1 when any public export lacks an @example
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : join(fileURLToPath(new URL('.', import.meta.url)), '..');
const entries = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group)).sort()) {
    for (const file of ['index.ts', 'node.ts']) {
      const path = join(root, group, name, 'src', file);
      if (existsSync(path) && group === 'packages') entries.push(path);
    }
  }
}

const program = ts.createProgram(entries, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();

const tagsOf = (decl) => ts.getJSDocTags(decl).map((t) => t.tagName.text);
function describe(symbol) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const decls = target.declarations ?? [];
  const tags = new Set();
  for (const d of decls) {
    // For `export const x = ...` the TSDoc sits on the variable statement.
    const node = ts.isVariableDeclaration(d) ? d.parent.parent : d;
    for (const t of tagsOf(node)) tags.add(t);
    for (const t of tagsOf(d)) tags.add(t);
  }
  const where = decls[0] ? relative(root, decls[0].getSourceFile().fileName) : '?';
  return { example: tags.has('example'), internal: tags.has('internal'), where };
}

const rows = [];
const missing = [];
let total = 0;
let without = 0;
const seen = new Set();
for (const entry of entries) {
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) continue;
  const pkg = relative(root, entry).split('/').slice(0, 2).join('/');
  const sub = entry.endsWith('node.ts') ? '/node' : '';
  let n = 0;
  let m = 0;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const info = describe(symbol);
    if (info.internal) continue;
    const key = `${pkg}${sub}:${symbol.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    n++;
    if (!info.example) {
      m++;
      missing.push(`${pkg}${sub}: ${symbol.name} (${info.where})`);
    }
  }
  total += n;
  without += m;
  rows.push(`${(pkg + sub).padEnd(32)} ${String(n).padStart(4)} exports, ${String(m).padStart(4)} without @example`);
}
console.log(rows.join('\n'));
console.log(`total: ${total} public exports, ${without} without @example`);
if (process.argv.includes('--list')) console.log(missing.join('\n'));
if (process.argv.includes('--check') && without > 0) process.exit(1);
