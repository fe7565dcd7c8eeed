/**
 * The console's page and its assets, from a directory the build writes (`dist/console`):
 * `index.html` at `/` and `/index.html` (revalidated on every load: `no-cache`, with an ETag),
 * content-hashed files at `/assets/<name>` (cached for a year, `immutable`). A precompressed
 * sibling (`<file>.br`, `<file>.gz`) is sent when the browser accepts its encoding. Without a
 * built console, `/` answers a short page saying how to build it.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.woff': 'font/woff', '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
};

/** Encodings tried in this order when the browser accepts them. */
const ENCODINGS = [{ name: 'br', suffix: '.br' }, { name: 'gzip', suffix: '.gz' }] as const;

/** Asset names the build writes: one path segment of safe characters, never hidden or a parent. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice console</title></head>
<body><h1>The Sluice console is not built</h1>
<p>This server has no console files. Build them with <code>npm run build:console</code> and restart <code>sluice server</code>;
the AWS APIs on this port work meanwhile.</p></body></html>
`;

function accepts(request: Request, encoding: string): boolean {
  return (request.headers.get('accept-encoding') ?? '').split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    return name?.trim().toLowerCase() === encoding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

async function fileOf(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The file to send: a precompressed sibling the browser accepts, else the file itself. */
async function pick(request: Request, path: string): Promise<{ path: string; encoding?: string; size: number; mtimeMs: number } | undefined> {
  const plain = await fileOf(path);
  if (!plain) return undefined;
  for (const { name, suffix } of ENCODINGS) {
    if (!accepts(request, name)) continue;
    const compressed = await fileOf(path + suffix);
    if (compressed) return { path: path + suffix, encoding: name, ...compressed };
  }
  return { path, ...plain };
}

async function serveFile(request: Request, path: string, cacheControl: string): Promise<Response | undefined> {
  const file = await pick(request, path);
  if (!file) return undefined;
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}${file.encoding ? `-${file.encoding}` : ''}"`;
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': cacheControl, etag, vary: 'Accept-Encoding',
    ...(file.encoding !== undefined && { 'content-encoding': file.encoding }),
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const body = request.method === 'HEAD' ? null : await readFile(file.path);
  return new Response(body, { headers: { ...headers, 'content-length': String(file.size) } });
}

export type StaticPath = { kind: 'page' } | { kind: 'asset'; name: string };

/** Which static file a GET path names, if any. */
export function staticPathOf(pathname: string): StaticPath | undefined {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'page' };
  if (pathname.startsWith('/assets/')) return { kind: 'asset', name: decodeURIComponentSafe(pathname.slice('/assets/'.length)) };
  return undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

function notFound(name: string): Response {
  return new Response(`No console asset ${name}\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' } });
}

export function makeStaticAssets(dir: string): (request: Request, path: StaticPath) => Promise<Response> {
  return async (request, path) => {
    if (path.kind === 'page') {
      const page = await serveFile(request, join(dir, 'index.html'), 'no-cache');
      return page ?? new Response(NOT_BUILT, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
    }
    if (!ASSET_NAME.test(path.name)) return notFound(path.name.slice(0, 200));
    return await serveFile(request, join(dir, 'assets', path.name), 'public, max-age=31536000, immutable') ?? notFound(path.name);
  };
}
