// The app's wiring, run against the typed fake `electron` module (tests/support/fake-electron.ts): one
// instance, the server started in the user's data folder, one hardened window on app://, guards on every
// web contents, the bridge, Lock, the screen lock on each system, the clipboard on lock and quit, and a quit
// that closes the embedded server first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BRIDGE_CALL_CHANNEL,
  BRIDGE_EVENT_CHANNEL,
  type BridgeRequest,
  type Result,
} from '../../contract/index.ts';
import { type FakeElectronOptions, fakeElectron } from '../../tests/support/fake-electron.ts';
import { IDLE_POLL_MS, SCREEN_LOCK_POLL_MS } from './auto-lock.ts';
import type { HostClient } from './host-client.ts';
import { runDesktop } from './lifecycle.ts';

const paths = {
  rendererRoot: '/app/renderer',
  preload: '/app/preload.cjs',
  hostWorker: '/app/host-worker.cjs',
};
const USER_DATA = '/home/someone/.config/Keyhold';
const mainFrame = { url: 'app://keyhold/index.html', processId: 4, routingId: 1 };
const fromWindow = { sender: { id: 7 }, senderFrame: mainFrame };

function fakeHost() {
  const host = {
    call: vi.fn(
      async (request: BridgeRequest): Promise<Result<unknown>> => ({
        ok: true,
        value: { answered: request.operation },
      }),
    ),
    close: vi.fn(async () => {}),
  } satisfies HostClient;
  const start = vi.fn(async (_file: string, _data: { dataDir: string; logLevel: string }) => host);
  return { host, start };
}

async function boot(platform: NodeJS.Platform = 'linux', options: FakeElectronOptions = {}) {
  const { electron, controls } = fakeElectron({ userData: USER_DATA, ...options });
  const { host, start } = fakeHost();
  await runDesktop(electron, paths, start, platform);
  const call = (request: Omit<BridgeRequest, 'token' | 'opNumber'>) => {
    const handler = controls.ipcHandlers.get(BRIDGE_CALL_CHANNEL);
    if (!handler) throw new Error('no bridge handler');
    // The handler is Electron's IpcMain listener; the bridge reads only the sender and its frame.
    return handler(fromWindow as never, { token: null, opNumber: null, ...request });
  };
  const lockEvents = () =>
    controls.windows[0]?.sent.filter(([channel, event]) => channel === BRIDGE_EVENT_CHANNEL && event) ?? [];
  return { controls, host, start, call, lockEvents };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('unsealing from the keychain at start', () => {
  it('unseals the embedded server before the window loads when the passphrase is kept by a keyring', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-userdata-'));
    const sealed = Buffer.from(Buffer.from('kept passphrase').map((b) => b ^ 0x5a)).toString('base64');
    writeFileSync(
      path.join(dir, 'unseal-passphrase.keychain'),
      JSON.stringify({ version: 1, backend: 'gnome_libsecret', sealed }),
    );
    const { electron } = fakeElectron({ userData: dir });
    const { host, start } = fakeHost();
    await runDesktop(electron, paths, start, 'linux');
    expect(host.call).toHaveBeenCalledWith({
      operation: 'unseal',
      input: { passphrase: 'kept passphrase' },
      token: null,
      opNumber: null,
    });

    // The same file on a desktop without a keyring (basic_text), or after the keyring changed: not used.
    for (const backend of ['basic_text', 'kwallet6'] as const) {
      const other = fakeElectron({ userData: dir, backend });
      const again = fakeHost();
      await runDesktop(other.electron, paths, again.start, 'linux');
      expect(again.host.call).not.toHaveBeenCalled();
    }
    // Without a kept passphrase nothing is attempted.
    const plain = await boot();
    expect(plain.host.call).not.toHaveBeenCalled();
  });
});

describe('the desktop app', () => {
  it('quits at once when another instance runs: no server, no window', async () => {
    const { controls, start } = await boot('linux', { singleInstance: false });
    expect(controls.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(['app.enableSandbox', 'app.quit']),
    );
    expect(start).not.toHaveBeenCalled();
    expect(controls.windows).toHaveLength(0);
  });

  it('starts the server in the user data folder and opens one hardened window on its own page', async () => {
    const { controls, start } = await boot();
    expect(start).toHaveBeenCalledWith(paths.hostWorker, expect.objectContaining({ dataDir: USER_DATA }));
    expect(controls.windows).toHaveLength(1);
    const window = controls.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      preload: paths.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window.calls).toContainEqual({ method: 'loadURL', args: ['app://keyhold/index.html'] });
    const registered = controls.calls.find((c) => c.method === 'protocol.registerSchemesAsPrivileged');
    expect(registered?.args[0]).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(controls.protocolHandlers.has('app')).toBe(true);
    let granted: boolean | null = null;
    controls.permissionHandlers.request?.(
      {} as never,
      'media',
      (answer) => {
        granted = answer;
      },
      {} as never,
    );
    expect(granted).toBe(false);
    expect(controls.permissionHandlers.check).toBeTypeOf('function');
  });

  it('puts the guards on every web contents it creates, reading the target from details.url', async () => {
    const { controls } = await boot();
    const contents = controls.createWebContents();
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://keyhold/index.html')).toBe(false);
    expect(contents.navigate('will-attach-webview')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://keyhold.dev/' } as never)).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'javascript:alert(1)' } as never)).toEqual({ action: 'deny' });
    expect(controls.calls.filter((c) => c.method === 'shell.openExternal')).toEqual([
      { method: 'shell.openExternal', args: ['https://keyhold.dev/'] },
    ]);
  });

  it('answers the bridge for its main frame only, forwarding server calls to the host', async () => {
    const { controls, host, call } = await boot();
    const request = { operation: 'status', input: {} };
    expect(await call(request)).toEqual({ ok: true, value: { answered: 'status' } });
    const handler = controls.ipcHandlers.get(BRIDGE_CALL_CHANNEL)!;
    const subFrame = { sender: { id: 7 }, senderFrame: { ...mainFrame, routingId: 9 } };
    expect(await handler(subFrame as never, { ...request, token: null, opNumber: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(host.call).toHaveBeenCalledOnce();
    await call({ operation: 'desktop.copy', input: { text: 'pw', clearAfterSeconds: 30 } });
    expect(controls.clipboard.text).toBe('pw');
    expect(host.call).toHaveBeenCalledOnce();
  });

  it('sends lock events from the Lock menu entry and, on macOS and Windows, from the OS events', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { controls, lockEvents } = await boot(platform);
      const lock = controls.menus[0]!.flatMap((item) =>
        Array.isArray(item.submenu) ? item.submenu : [],
      ).find((item) => item.label === 'Lock');
      expect(lock?.accelerator).toBe('CmdOrCtrl+L');
      lock?.click?.({} as never, undefined, {} as never);
      controls.emitPower('lock-screen');
      controls.emitPower('suspend');
      expect(lockEvents()).toEqual([
        [BRIDGE_EVENT_CHANNEL, { type: 'lock', reason: 'menu' }],
        [BRIDGE_EVENT_CHANNEL, { type: 'lock', reason: 'screen-locked' }],
        [BRIDGE_EVENT_CHANNEL, { type: 'lock', reason: 'suspend' }],
      ]);
    }
  });

  it('on Linux, where no lock-screen event comes, locks when the idle state turns to locked', async () => {
    const { controls, lockEvents } = await boot('linux');
    // The event is never emitted on Linux; the app must not rely on it.
    await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
    expect(lockEvents()).toEqual([]);
    controls.setIdleState('locked');
    await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
    expect(lockEvents()).toEqual([[BRIDGE_EVENT_CHANNEL, { type: 'lock', reason: 'screen-locked' }]]);
    // Still locked: no second lock; unlocked and locked again: one more.
    await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS * 3);
    expect(lockEvents()).toHaveLength(1);
    controls.setIdleState('active');
    await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
    controls.setIdleState('locked');
    await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
    expect(lockEvents()).toHaveLength(2);
  });

  it('takes a copied secret off the clipboard when it locks, but leaves what the user copied since', async () => {
    const { controls, call } = await boot('linux');
    await call({ operation: 'desktop.copy', input: { text: 's3cret', clearAfterSeconds: 30 } });
    controls.setIdleState('locked');
    await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
    expect(controls.clipboard.text).toBe('');

    controls.setIdleState('active');
    await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
    await call({ operation: 'desktop.copy', input: { text: 'another', clearAfterSeconds: 30 } });
    controls.clipboard.copiedElsewhere('the user copied this');
    controls.setIdle(10 * 60);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(controls.clipboard.text).toBe('the user copied this');
    expect(controls.clipboard.clears).toBe(1);
  });

  it('takes a copied secret off the clipboard when the window locks itself (its session ends)', async () => {
    const { controls, call } = await boot('win32');
    await call({ operation: 'desktop.copy', input: { text: 's3cret', clearAfterSeconds: 60 } });
    await call({ operation: 'logout', input: {} });
    await vi.waitFor(() => expect(controls.clipboard.text).toBe(''));
  });

  it('marks copied secrets for clipboard managers in the format of each system', async () => {
    const expected = {
      win32: {
        'electron application/osclipboard;format="ExcludeClipboardContentFromMonitorProcessing"': '00000000',
        'electron application/osclipboard;format="CanIncludeInClipboardHistory"': '00000000',
        'electron application/osclipboard;format="CanUploadToCloudClipboard"': '00000000',
      },
      darwin: { 'electron application/osclipboard;format="org.nspasteboard.ConcealedType"': '' },
      linux: {
        'electron application/osclipboard;format="x-kde-passwordManagerHint"':
          Buffer.from('secret').toString('hex'),
      },
    } as const;
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const { controls, call } = await boot(platform);
      await call({ operation: 'desktop.copy', input: { text: 'pw', clearAfterSeconds: 30 } });
      expect(controls.clipboard.formats).toEqual({ 'text/plain': 'pw', ...expected[platform] });
    }
  });

  it('brings its window forward when launched a second time', async () => {
    const { controls } = await boot();
    controls.emitApp('second-instance');
    expect(controls.windows[0]!.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(['restore', 'focus']),
    );
  });

  it('on quit clears a copied secret still on the clipboard, then closes the embedded server', async () => {
    const { controls, host, call } = await boot();
    await call({ operation: 'desktop.copy', input: { text: 's3cret', clearAfterSeconds: 30 } });
    expect(controls.beforeQuit()).toBe(true);
    await vi.waitFor(() => expect(controls.calls.some((c) => c.method === 'app.quit')).toBe(true));
    expect(controls.clipboard.text).toBe('');
    expect(host.close).toHaveBeenCalledOnce();
    // The quit the app asks for itself goes through.
    expect(controls.beforeQuit()).toBe(false);
    expect(host.close).toHaveBeenCalledOnce();
  });

  it('on quit leaves alone what the user copied after the secret', async () => {
    const { controls, call } = await boot();
    await call({ operation: 'desktop.copy', input: { text: 's3cret', clearAfterSeconds: 30 } });
    controls.clipboard.copiedElsewhere('mine');
    controls.beforeQuit();
    await vi.waitFor(() => expect(controls.calls.some((c) => c.method === 'app.quit')).toBe(true));
    expect(controls.clipboard.text).toBe('mine');
  });

  it('has the standard macOS app and window menus (About, Hide, Quit; Minimize, Zoom, Close)', async () => {
    const { controls } = await boot('darwin');
    const roles = controls.menus[0]!.flatMap((menu) => [
      menu.role,
      ...(Array.isArray(menu.submenu) ? menu.submenu.map((item) => item.role) : []),
    ]);
    for (const role of ['appMenu', 'about', 'hide', 'hideOthers', 'unhide', 'quit', 'windowMenu']) {
      expect(roles).toContain(role);
    }
    for (const role of ['minimize', 'zoom', 'close']) expect(roles).toContain(role);
    const linux = await boot('linux');
    const linuxRoles = linux.controls.menus[0]!.flatMap((menu) =>
      Array.isArray(menu.submenu) ? menu.submenu.map((item) => item.role) : [],
    );
    expect(linuxRoles).not.toContain('hideOthers');
    expect(linuxRoles).toContain('quit');
  });
});
