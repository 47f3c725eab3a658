// The parts of Electron the main process uses, spelled with electron.d.ts's own types (Pick of the real
// interfaces). The real module must satisfy this (index.ts passes it), and so must the tests' fake, so
// neither can use an API Electron 45 lacks: a fake with a method Electron does not have fails the typecheck.
//
// Event methods are the one part written out: Electron's `on` overloads return `this` (the whole App,
// WebContents, …), which no fake can be. Each line below names one event with Electron's listener type;
// the real module is checked against it, so a misspelt event or a listener Electron never calls fails too.
import type * as Electron from 'electron';

type AppEvents = {
  on(event: 'second-instance', listener: () => void): unknown;
  on(
    event: 'web-contents-created',
    listener: (event: Electron.Event, contents: GuardedWebContents) => void,
  ): unknown;
  on(event: 'before-quit', listener: (event: Electron.Event) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
};

/** What security.ts puts its guards on: every web contents the app creates. */
export type GuardedWebContents = Pick<Electron.WebContents, 'setWindowOpenHandler'> & {
  // Electron 45 hands navigation events one details object; the positional url is deprecated.
  on(
    event: 'will-navigate',
    listener: (details: Electron.Event<Electron.WebContentsWillNavigateEventParams>) => void,
  ): unknown;
  on(
    event: 'will-redirect',
    listener: (details: Electron.Event<Electron.WebContentsWillRedirectEventParams>) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: Electron.Event) => void): unknown;
};

/** The one window, as lifecycle.ts drives it. */
export type DesktopWindow = Pick<
  Electron.BrowserWindow,
  'isDestroyed' | 'isMinimized' | 'restore' | 'focus' | 'show' | 'loadURL'
> & {
  webContents: Pick<Electron.WebContents, 'id' | 'send'> & {
    mainFrame: Pick<Electron.WebFrameMain, 'url' | 'processId' | 'routingId'>;
  };
  once(event: 'ready-to-show', listener: () => void): unknown;
};

/** powerMonitor: idle time, the idle state ('locked' is how Linux reports a locked screen), and events. */
export type PowerMonitorSurface = Pick<Electron.PowerMonitor, 'getSystemIdleTime' | 'getSystemIdleState'> & {
  // 'lock-screen' is emitted on macOS and Windows only (@platform darwin,win32 in electron.d.ts).
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
};

/** The clipboard as Electron 45 has it: W3C-style and asynchronous, with raw OS formats through write(). */
export type ClipboardSurface = Pick<Electron.Clipboard, 'readText' | 'clear'> & {
  write(data: ClipboardEntry[]): Promise<void>;
};
export type ClipboardEntry = Pick<Electron.ClipboardItem, 'types'>;
export type ClipboardPayloads = ConstructorParameters<typeof Electron.ClipboardItem>[0];
export type ClipboardItemConstructor = new (items: ClipboardPayloads) => ClipboardEntry;

/** safeStorage through Electron 45's non-deprecated asynchronous API, and the Linux backend's name. */
export type SafeStorageSurface = Pick<
  Electron.SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

/** The default session: its permission guards, and the proxy Chromium would use for a URL (system or PAC). */
export type SessionSurface = Pick<
  Electron.Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'resolveProxy'
>;

/**
 * Everything runDesktop takes from the electron module. `MenuHandle` is whatever buildFromTemplate returns
 * (Electron's Menu for the real module), so a fake need not pretend to be one.
 */
export interface DesktopElectron<MenuHandle = Electron.Menu> {
  app: Pick<Electron.App, 'enableSandbox' | 'requestSingleInstanceLock' | 'quit' | 'whenReady' | 'getPath'> &
    AppEvents;
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => DesktopWindow;
  ipcMain: Pick<Electron.IpcMain, 'handle' | 'removeHandler'>;
  powerMonitor: PowerMonitorSurface;
  clipboard: ClipboardSurface;
  ClipboardItem: ClipboardItemConstructor;
  safeStorage: SafeStorageSurface;
  shell: Pick<Electron.Shell, 'openExternal'>;
  session: { defaultSession: SessionSurface };
  Menu: {
    buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): MenuHandle;
    setApplicationMenu(menu: MenuHandle | null): void;
  };
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
}
