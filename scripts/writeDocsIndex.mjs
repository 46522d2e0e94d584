#!/usr/bin/env node
// Writes docs/api/index.html: the landing page of the typedoc site, listing every published package
// (packages/*) with its one-line purpose (package.json "description") and links to its API pages
// (docs/api/<folder>/, written by each package's `docs` script) and README. Run by `pnpm run docs`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const rows = [];
for (const folder of readdirSync(join(root, 'packages')).sort()) {
  const pkgPath = join(root, 'packages', folder, 'package.json');
  if (!existsSync(pkgPath)) continue;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (pkg.private) continue;
  const entries = Object.keys(pkg.exports ?? {}).filter((k) => k !== './package.json').map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
  rows.push(
    `<tr><td><a href="${folder}/index.html"><code>${escape(pkg.name)}</code></a></td><td>${escape(pkg.description ?? '')}</td>` +
      `<td>${entries.map((e) => `<code>${escape(e)}</code>`).join('<br>')}</td></tr>`,
  );
}
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>interp API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}code{font-size:90%}</style>
</head><body>
<h1>interp API reference</h1>
<p>A TypeScript toolkit for mechanistic interpretability with sparse autoencoders. Each package is versioned on its
own; its page opens with its README. Import paths are the module names (<code>@interp/sae</code>,
<code>@interp/sae/node</code> for the Node-only part).</p>
<table><thead><tr><th>Package</th><th>Purpose</th><th>Import paths</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
const out = join(root, 'docs', 'api');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'index.html'), html); // generated output, rebuilt on every run
console.log(`docs/api/index.html: ${rows.length} packages`);
