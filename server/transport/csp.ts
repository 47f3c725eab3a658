// The UI's Content-Security-Policy, shared by the web UI (HTTPS) and the desktop window (app://):
// only its own scripts and styles, WebAssembly for the Argon2id KDF, calls to its own origin only,
// never framed.
export const WEB_UI_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Cross-origin isolation for the UI (web and desktop): the window may then share memory with its search
 * worker (renderer/vault/search-index/search-channel.ts), so a keystroke's results are drawn in the same
 * frame as the key. Everything the UI loads is its own origin's, so nothing it uses is blocked by it.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
} as const;
