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
