import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

export interface StaticAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Short content hash: the cache-busting version and the ETag. */
  version: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const STATIC_DIR = join(PROJECT_ROOT, 'static', '/');
/** htmx is served from the installed package, never from a CDN. */
const HTMX_PATH = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');
const HTMX_URL = '/static/vendor/htmx.min.js';

function asset(body: Uint8Array<ArrayBuffer>, path: string): StaticAsset {
  return {
    body,
    contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    version: createHash('sha256').update(body).digest('hex').slice(0, 12),
  };
}

/** Cache-busting version for static files, set once at start-up from their contents. */
export interface Assets {
  style: string;
  icon: string;
  htmx: string;
  /** The embed's own small stylesheet. */
  embedStyle: string;
}

/**
 * Reads static/ and htmx into memory once. The set of files is fixed at start-up, so a
 * request path can only ever name one of them (no path traversal to worry about).
 */
export async function loadStaticAssets(): Promise<{ files: Map<string, StaticAsset>; urls: Assets }> {
  const files = new Map<string, StaticAsset>();
  for (const entry of await readdir(STATIC_DIR, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const urlPath = `/static/${full.slice(STATIC_DIR.length).split('\\').join('/')}`;
    files.set(urlPath, asset(new Uint8Array(await readFile(full)), full));
  }
  files.set(HTMX_URL, asset(new Uint8Array(await readFile(HTMX_PATH)), HTMX_PATH));
  const url = (path: string) => `${path}?v=${files.get(path)?.version ?? '0'}`;
  return { files, urls: { style: url('/static/style.css'), icon: url('/static/favicon.svg'), htmx: url(HTMX_URL), embedStyle: url('/static/embed.css') } };
}
