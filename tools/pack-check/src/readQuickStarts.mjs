// Reads the quick starts of a package README: the code blocks whose info string is `ts quickstart` (or
// `js quickstart`), and the packages its install lines name (`npm i ...`, `npm install ...`, `pnpm add ...`
// in `sh` blocks).
import { readFileSync } from 'node:fs';

/**
 * @param {string} path README.md
 * @returns {{ installs: string[], snippets: { code: string, line: number, imports: string[] }[] }}
 */
export function readQuickStarts(path) {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const installs = new Set();
  const snippets = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)(?:\s+(.*))?$/.exec(lines[i]);
    if (!open) continue;
    const [, lang, meta = ''] = open;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    const body = lines.slice(start, end);
    if (lang === 'sh') {
      for (const l of body) {
        const m = /^\s*(?:npm (?:i|install)|pnpm add)\s+([^#]*)/.exec(l);
        if (m) for (const word of m[1].trim().split(/\s+/)) if (word && !word.startsWith('-')) installs.add(stripVersion(word));
      }
    } else if ((lang === 'ts' || lang === 'js') && meta.split(/\s+/).includes('quickstart')) {
      const code = body.join('\n');
      snippets.push({ code, line: start + 1, imports: listImports(code) });
    }
    i = end;
  }
  return { installs: [...installs], snippets };
}

/** `@scope/name@1.2.3` -> `@scope/name`, `name@^1` -> `name`. */
function stripVersion(spec) {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? spec : spec.slice(0, at);
}

/**
 * The packages a snippet imports (bare specifiers without subpath; `node:` builtins left out).
 *
 * @param {string} code
 */
export function listImports(code) {
  const out = new Set();
  for (const m of code.matchAll(/^\s*import\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[1];
    if (spec.startsWith('.') || spec.startsWith('node:') || spec.startsWith('/')) continue;
    const parts = spec.split('/');
    out.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...out];
}
