// The window's hardening and its guards, with Electron's objects faked (the binary cannot exist here).
import { describe, expect, it, vi } from 'vitest';
import { FakeWebContents, fakeElectron } from '../../tests/support/fake-electron.ts';
import { appProtocolHandler, resolveAppFile } from './app-protocol.ts';
import { safeExternalUrl } from './external-links.ts';
import { menuTemplate } from './menu.ts';
import { APP_URL, hardenSession, hardenWebContents, isAppUrl } from './security.ts';
import { windowOptions } from './window.ts';

function fakeContents() {
  const contents = new FakeWebContents();
  return {
    contents,
    fire: (event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url?: string) =>
      contents.navigate(event, url),
    // Electron's HandlerDetails carries more; the guard reads the url only.
    open: (url: string) => contents.openHandler?.({ url } as never),
  };
}

describe('the window', () => {
  it('is created with context isolation, the sandbox and no Node', () => {
    const { webPreferences } = windowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('refuses navigation away from the app, webviews, and every new window', () => {
    const openExternal = vi.fn();
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents, openExternal);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(fire('will-navigate', APP_URL)).toBe(false);
    expect(fire('will-attach-webview')).toBe(true);

    expect(open('https://keyhold.dev/docs?q=1')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://keyhold.dev/docs?q=1');
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://user:pw@host/',
      'not a url',
      'smb://x',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('denies every permission request and check', () => {
    const { electron, controls } = fakeElectron();
    hardenSession(electron.session.defaultSession);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ] as const) {
      const callback = vi.fn();
      controls.permissionHandlers.request?.({} as never, permission, callback, {} as never);
      expect(callback).toHaveBeenCalledWith(false);
      expect(controls.permissionHandlers.check?.(null, permission, 'app://keyhold', {} as never)).toBe(false);
    }
  });

  it('knows its own page from look-alikes', () => {
    expect(isAppUrl('app://keyhold/index.html')).toBe(true);
    expect(isAppUrl('app://keyhold.evil/index.html')).toBe(false);
    expect(isAppUrl('https://keyhold/index.html')).toBe(false);
    expect(isAppUrl('nonsense')).toBe(false);
    expect(safeExternalUrl('HTTPS://Example.com/a')).toBe('https://example.com/a');
  });

  it('serves the built UI under app:// with the strict policy, and nothing outside its folder', async () => {
    const root = '/srv/renderer';
    expect(resolveAppFile(root, 'app://keyhold/assets/app.js')).toBe('/srv/renderer/assets/app.js');
    expect(resolveAppFile(root, 'app://keyhold/')).toBe('/srv/renderer/index.html');
    expect(resolveAppFile(root, 'app://keyhold/../../etc/passwd')).toBe('/srv/renderer/etc/passwd');
    // Dot segments are resolved by the URL parser; an encoded slash would escape after decoding: refused.
    expect(resolveAppFile(root, 'app://keyhold/..%2f..%2fetc%2fpasswd')).toBeNull();
    const handler = appProtocolHandler(new URL('../../renderer/', import.meta.url).pathname);
    const page = await handler({ url: 'app://keyhold/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    // Cross-origin isolated as the web UI, so the window may share memory with its search worker.
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect((await handler({ url: 'app://keyhold/missing.js' })).status).toBe(404);
  });

  it('has a Lock menu entry on Ctrl/Cmd+L on every system', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const lock = vi.fn();
      const entry = menuTemplate(lock, platform)
        .flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : []))
        .find((item) => item.label === 'Lock');
      expect(entry?.accelerator).toBe('CmdOrCtrl+L');
      entry?.click?.({} as never, undefined, {} as never);
      expect(lock).toHaveBeenCalledOnce();
    }
  });
});
