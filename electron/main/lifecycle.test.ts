// The app's wiring, run against a fake `electron` module: one instance, the server started in the user's
// data folder, one hardened window on app://, guards on every web contents, the bridge, Lock, and a quit
// that closes the embedded server first.
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Electron from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BRIDGE_CALL_CHANNEL,
  BRIDGE_EVENT_CHANNEL,
  type BridgeRequest,
  type Result,
} from '../../server/contract/index.ts';
import type { HostClient } from './host-client.ts';
import type { IpcEventLike } from './ipc.ts';
import { runDesktop } from './lifecycle.ts';
import type { MenuItemTemplate } from './menu.ts';

const paths = {
  rendererRoot: '/app/renderer',
  preload: '/app/preload.cjs',
  hostWorker: '/app/host-worker.cjs',
};
const USER_DATA = '/home/someone/.config/Keyhold';
const mainFrame = { url: 'app://keyhold/index.html', processId: 4, routingId: 1 };

type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>;

class FakeWindow extends EventEmitter {
  readonly webContents = { id: 7, mainFrame, send: vi.fn() };
  readonly isDestroyed = () => false;
  readonly isMinimized = vi.fn(() => true);
  readonly restore = vi.fn();
  readonly focus = vi.fn();
  readonly show = vi.fn();
  readonly loadURL = vi.fn(async (_url: string) => {});
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
  }
}

function fakeElectron(hasLock = true, userData = USER_DATA, keychainAvailable = false) {
  const windows: FakeWindow[] = [];
  const ipcHandlers = new Map<string, Handler>();
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
  const app = Object.assign(new EventEmitter(), {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => hasLock),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: async () => {},
    getPath: (name: string) => (name === 'userData' ? userData : '/elsewhere'),
  });
  const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  const electron = {
    app,
    BrowserWindow: class extends FakeWindow {
      constructor(options: { webPreferences: Record<string, unknown> }) {
        super(options);
        windows.push(this);
      }
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    powerMonitor: Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0 }),
    clipboard: { readText: async () => '', writeText: vi.fn(async (_text: string) => {}), clear: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: () => keychainAvailable,
      encryptString: (plain: string) => Buffer.from(plain).reverse(),
      decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString(),
    },
    shell: { openExternal: vi.fn(async (_url: string) => {}) },
    session: { defaultSession: session },
    Menu: {
      buildFromTemplate: vi.fn((template: MenuItemTemplate[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  };
  return { electron, app, windows, ipcHandlers, host, start, session };
}

async function boot(hasLock = true) {
  const fake = fakeElectron(hasLock);
  await runDesktop(fake.electron as unknown as typeof Electron, paths, fake.start);
  return fake;
}

beforeEach(() => vi.useFakeTimers());

describe('unsealing from the keychain at start', () => {
  it('unseals the embedded server before the window loads when the passphrase is kept', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-userdata-'));
    writeFileSync(path.join(dir, 'unseal-passphrase.keychain'), Buffer.from('kept passphrase').reverse());
    const fake = fakeElectron(true, dir, true);
    await runDesktop(fake.electron as unknown as typeof Electron, paths, fake.start);
    expect(fake.host.call).toHaveBeenCalledWith({
      operation: 'unseal',
      input: { passphrase: 'kept passphrase' },
      token: null,
      opNumber: null,
    });
    // Without a kept passphrase nothing is attempted.
    const plain = await boot();
    expect(plain.host.call).not.toHaveBeenCalled();
  });
});
afterEach(() => vi.useRealTimers());

describe('the desktop app', () => {
  it('quits at once when another instance runs: no server, no window', async () => {
    const { app, windows, start } = await boot(false);
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(app.quit).toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
    expect(windows).toHaveLength(0);
  });

  it('starts the server in the user data folder and opens one hardened window on its own page', async () => {
    const { electron, windows, start, session } = await boot();
    expect(start).toHaveBeenCalledWith(paths.hostWorker, expect.objectContaining({ dataDir: USER_DATA }));
    expect(windows).toHaveLength(1);
    const window = windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      preload: paths.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window.loadURL).toHaveBeenCalledWith('app://keyhold/index.html');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app' }),
    ]);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const [requestHandler] = session.setPermissionRequestHandler.mock.calls[0] as [
      (c: unknown, p: string, cb: (granted: boolean) => void) => void,
    ];
    const callback = vi.fn();
    requestHandler({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.setPermissionCheckHandler).toHaveBeenCalled();
  });

  it('puts the guards on every web contents it creates', async () => {
    const { app, electron } = await boot();
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    app.emit(
      'web-contents-created',
      {},
      {
        on: (name: string, listener: (event: { preventDefault(): void }, url?: string) => void) =>
          listeners.set(name, listener),
        setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
          openHandler = handler;
        },
      },
    );
    const preventDefault = vi.fn();
    listeners.get('will-navigate')?.({ preventDefault }, 'https://evil.example/');
    listeners.get('will-attach-webview')?.({ preventDefault });
    expect(preventDefault).toHaveBeenCalledTimes(2);
    expect(openHandler?.({ url: 'https://keyhold.dev/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://keyhold.dev/']]);
  });

  it('answers the bridge for its main frame only, forwarding server calls to the host', async () => {
    const { ipcHandlers, host, electron } = await boot();
    const handler = ipcHandlers.get(BRIDGE_CALL_CHANNEL)!;
    const request = { operation: 'status', input: {}, token: null, opNumber: null };
    expect(await handler({ sender: { id: 7 }, senderFrame: mainFrame }, request)).toEqual({
      ok: true,
      value: { answered: 'status' },
    });
    const subFrame = { ...mainFrame, routingId: 9 };
    expect(await handler({ sender: { id: 7 }, senderFrame: subFrame }, request)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(host.call).toHaveBeenCalledOnce();
    await handler(
      { sender: { id: 7 }, senderFrame: mainFrame },
      { ...request, operation: 'desktop.copy', input: { text: 'pw', clearAfterSeconds: 30 } },
    );
    expect(electron.clipboard.writeText).toHaveBeenCalledWith('pw');
    expect(host.call).toHaveBeenCalledOnce();
  });

  it('sends lock events to the window from the Lock menu entry and from the OS', async () => {
    const { electron, windows } = await boot();
    const template = electron.Menu.buildFromTemplate.mock.calls[0]![0];
    const lock = template.flatMap((item) => item.submenu ?? []).find((item) => item.label === 'Lock');
    expect(lock?.accelerator).toBe('CmdOrCtrl+L');
    lock?.click?.();
    electron.powerMonitor.emit('lock-screen');
    electron.powerMonitor.emit('suspend');
    expect(windows[0]!.webContents.send.mock.calls).toEqual([
      [BRIDGE_EVENT_CHANNEL, { type: 'lock', reason: 'menu' }],
      [BRIDGE_EVENT_CHANNEL, { type: 'lock', reason: 'screen-locked' }],
      [BRIDGE_EVENT_CHANNEL, { type: 'lock', reason: 'suspend' }],
    ]);
  });

  it('brings its window forward when launched a second time', async () => {
    const { app, windows } = await boot();
    app.emit('second-instance');
    expect(windows[0]!.restore).toHaveBeenCalled();
    expect(windows[0]!.focus).toHaveBeenCalled();
  });

  it('closes the embedded server before quitting', async () => {
    const { app, host } = await boot();
    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(host.close).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    const second = { preventDefault: vi.fn() };
    app.emit('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(host.close).toHaveBeenCalledOnce();
  });
});
