#!/usr/bin/env node
// Serves the lab's static build (dist/) on localhost and prints the address. The page is sent
// cross-origin isolated (COOP/COEP headers) so that tfjs can run threaded wasm; pass --no-isolation
// to see the single-thread path. Usage: node scripts/serve.mjs [--port N] [--no-isolation] [--dir DIR]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Starts a static file server for `dir` on 127.0.0.1.
 * @param {{ dir?: string, port?: number, isolated?: boolean }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const root = resolve(options.dir ?? fileURLToPath(new URL('../dist/', import.meta.url)));
  try {
    await stat(join(root, 'index.html'));
  } catch {
    throw new Error(`${join(root, 'index.html')} is missing: build the lab first (pnpm --filter @interp/lab build)`);
  }
  const isolated = options.isolated ?? true;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' };
      if (isolated) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = Number(at('--port') ?? process.env.PORT ?? 5180);
  try {
    const { url } = await startServer({ port, isolated: !args.includes('--no-isolation'), ...(at('--dir') ? { dir: at('--dir') } : {}) });
    process.stdout.write(`interp lab: serving ${url} (Ctrl-C stops)\n`);
  } catch (error) {
    process.stderr.write(`interp lab: ${error.message}\n`);
    process.exit(1);
  }
}
