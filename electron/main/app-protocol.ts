// Serves the built renderer at app://keyhold/ with the same strict Content-Security-Policy and cross-origin
// isolation as the web UI.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CROSS_ORIGIN_ISOLATION, WEB_UI_CSP } from '../../server/transport/csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** The file for a request, or null when the path leaves the renderer folder. */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(path.resolve(root) + path.sep) ? file : null;
}

export function appProtocolHandler(root: string): (request: { url: string }) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'content-security-policy': WEB_UI_CSP,
          'x-content-type-options': 'nosniff',
          ...CROSS_ORIGIN_ISOLATION,
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}
