// The window's guards: no navigation away from our page, no new windows (http(s) links go to the system
// browser), no <webview>, and every permission request and check denied.
import type { GuardedWebContents, SessionSurface } from './electron-surface.ts';
import { safeExternalUrl } from './external-links.ts';

/** Our page is served from app://keyhold/ (see app-protocol.ts): a real origin that CSP 'self' matches. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'keyhold';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export type WebContentsLike = GuardedWebContents;

export type SessionLike = Pick<SessionSurface, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

export function hardenWebContents(contents: WebContentsLike, openExternal: (url: string) => void): void {
  // Electron 45 passes one details object; its url is the target (the positional url is deprecated).
  const refuseForeign = (details: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) openExternal(safe);
    return { action: 'deny' };
  });
}

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
