// A stand-in for the `electron` module where the binary cannot run (here, CI): each part is typed against
// electron.d.ts through electron/main/electron-surface.ts (Picks of Electron 45's own interfaces), and
// every object literal below is checked with `satisfies`, so a method the fake has and Electron lacks, or
// one with another shape, fails the typecheck. What tests steer (idle time, the screen lock, the keyring)
// lives beside the module, in `controls`, never on it.
import { EventEmitter } from 'node:events';
import type * as Electron from 'electron';
import type {
  ClipboardEntry,
  ClipboardPayloads,
  ClipboardSurface,
  DesktopElectron,
  DesktopWindow,
  GuardedWebContents,
  PowerMonitorSurface,
  SafeStorageSurface,
  SessionSurface,
} from '../../electron/main/electron-surface.ts';

export interface FakeElectronOptions {
  userData?: string;
  /** requestSingleInstanceLock's answer: false when another instance runs. */
  singleInstance?: boolean;
  /** safeStorage: whether the OS offers encryption, and the Linux backend it picked. */
  encryption?: boolean;
  backend?: ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>;
  /** session.resolveProxy's answer for every URL. */
  proxyAnswer?: string;
}

type IpcListener = Parameters<Electron.IpcMain['handle']>[1];
type ProtocolHandler = Parameters<Electron.Protocol['handle']>[1];

/** A call as the fakes record it: the method's name and its arguments. */
export interface Call {
  method: string;
  args: unknown[];
}

export class FakeWindow extends EventEmitter {
  readonly calls: Call[] = [];
  readonly sent: [string, unknown][] = [];
  readonly webContents: DesktopWindow['webContents'];
  minimized = true;

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    const sent = this.sent;
    this.webContents = {
      id: 7,
      mainFrame: { url: 'app://keyhold/index.html', processId: 4, routingId: 1 },
      send(channel: string, ...args: unknown[]) {
        sent.push([channel, args[0]]);
      },
    } satisfies DesktopWindow['webContents'];
  }

  isDestroyed() {
    return false;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.calls.push({ method: 'restore', args: [] });
  }
  focus() {
    this.calls.push({ method: 'focus', args: [] });
  }
  show() {
    this.calls.push({ method: 'show', args: [] });
  }
  async loadURL(url: string) {
    this.calls.push({ method: 'loadURL', args: [url] });
  }
}

/** Electron's ClipboardItem as the fake clipboard reads it back: the payloads by MIME type or raw format. */
export class FakeClipboardItem {
  constructor(readonly payloads: ClipboardPayloads) {}
  get types(): string[] {
    return Object.keys(this.payloads);
  }
}

/** The system clipboard: what is on it, as text and with its raw formats. */
export class FakeClipboard {
  text = '';
  formats: Record<string, string> = {};
  clears = 0;

  /** Another program copies something. */
  copiedElsewhere(text: string): void {
    this.text = text;
    this.formats = {};
  }
}

export function fakeElectron(options: FakeElectronOptions = {}) {
  const userData = options.userData ?? '/home/someone/.config/Keyhold';
  const appEvents = new EventEmitter();
  const calls: Call[] = [];
  const record =
    (method: string) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
    };
  const windows: FakeWindow[] = [];
  const ipcHandlers = new Map<string, IpcListener>();
  const protocolHandlers = new Map<string, ProtocolHandler>();
  const menus: Electron.MenuItemConstructorOptions[][] = [];
  const webContentsGuards: FakeWebContents[] = [];
  const clipboardState = new FakeClipboard();
  let idleSeconds = 0;
  let idleState: ReturnType<Electron.PowerMonitor['getSystemIdleState']> = 'active';
  const power = new EventEmitter();
  const encryption = options.encryption ?? true;
  const backend = options.backend ?? 'gnome_libsecret';
  const permissionHandlers: {
    request?: Parameters<SessionSurface['setPermissionRequestHandler']>[0];
    check?: Parameters<SessionSurface['setPermissionCheckHandler']>[0];
  } = {};
  const proxyQueries: string[] = [];

  // Annotated rather than `satisfies`d (its `on` returns itself); the annotation checks excess properties too.
  const app: DesktopElectron['app'] = {
    enableSandbox: record('app.enableSandbox'),
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    quit: record('app.quit'),
    whenReady: async () => {},
    getPath: (name: Parameters<Electron.App['getPath']>[0]) =>
      name === 'userData' ? userData : '/elsewhere',
    on(event: string, listener: Parameters<EventEmitter['on']>[1]) {
      appEvents.on(event, listener);
      return app;
    },
  };

  const clipboard = {
    async readText() {
      return clipboardState.text;
    },
    clear() {
      clipboardState.text = '';
      clipboardState.formats = {};
      clipboardState.clears += 1;
    },
    async write(data: ClipboardEntry[]) {
      const item = data[0];
      if (!(item instanceof FakeClipboardItem))
        throw new Error('the fake clipboard takes FakeClipboardItems');
      const formats: Record<string, string> = {};
      for (const [type, payload] of Object.entries(item.payloads)) {
        formats[type] =
          typeof payload === 'string'
            ? payload
            : payload instanceof Blob
              ? Buffer.from(await payload.arrayBuffer()).toString('hex')
              : JSON.stringify(payload);
      }
      clipboardState.formats = formats;
      clipboardState.text = formats['text/plain'] ?? '';
    },
  } satisfies ClipboardSurface;

  const powerMonitor: PowerMonitorSurface = {
    getSystemIdleTime: () => idleSeconds,
    getSystemIdleState: (_threshold: number) => idleState,
    on(event: 'lock-screen' | 'suspend', listener: () => void) {
      power.on(event, listener);
      return powerMonitor;
    },
    removeListener(event: 'lock-screen' | 'suspend', listener: () => void) {
      power.removeListener(event, listener);
      return powerMonitor;
    },
  };

  // Stands in for the OS keyring: reversible, and not the plain text.
  const xor = (bytes: Uint8Array) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  const safeStorage = {
    isAsyncEncryptionAvailable: async () => encryption,
    encryptStringAsync: async (plainText: string) => xor(Buffer.from(plainText, 'utf8')),
    decryptStringAsync: async (encrypted: Buffer) => ({
      result: xor(encrypted).toString('utf8'),
      shouldReEncrypt: false,
    }),
    getSelectedStorageBackend: () => backend,
  } satisfies SafeStorageSurface;

  const defaultSession = {
    setPermissionRequestHandler(handler: Parameters<SessionSurface['setPermissionRequestHandler']>[0]) {
      permissionHandlers.request = handler;
    },
    setPermissionCheckHandler(handler: Parameters<SessionSurface['setPermissionCheckHandler']>[0]) {
      permissionHandlers.check = handler;
    },
    async resolveProxy(url: string) {
      proxyQueries.push(url);
      return options.proxyAnswer ?? 'DIRECT';
    },
  } satisfies SessionSurface;

  const electron = {
    app,
    BrowserWindow: class extends FakeWindow {
      constructor(windowOptions: Electron.BrowserWindowConstructorOptions) {
        super(windowOptions);
        windows.push(this);
      }
    },
    ipcMain: {
      handle: (channel: string, listener: IpcListener) => {
        ipcHandlers.set(channel, listener);
      },
      removeHandler: (channel: string) => {
        ipcHandlers.delete(channel);
      },
    },
    powerMonitor,
    clipboard,
    ClipboardItem: FakeClipboardItem,
    safeStorage,
    shell: {
      openExternal: async (url: string) => {
        calls.push({ method: 'shell.openExternal', args: [url] });
      },
    },
    session: { defaultSession },
    Menu: {
      buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => {
        menus.push(template);
        return { template };
      },
      setApplicationMenu: record('Menu.setApplicationMenu'),
    },
    protocol: {
      registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'),
      handle: (scheme: string, handler: ProtocolHandler) => {
        protocolHandlers.set(scheme, handler);
      },
    },
  } satisfies DesktopElectron<{ template: Electron.MenuItemConstructorOptions[] }>;

  const controls = {
    calls,
    windows,
    ipcHandlers,
    protocolHandlers,
    menus,
    permissionHandlers,
    proxyQueries,
    clipboard: clipboardState,
    webContentsGuards,
    /** Seconds since the last input, as the OS reports it. */
    setIdle(seconds: number) {
      idleSeconds = seconds;
    },
    /** The screen lock as getSystemIdleState reports it ('locked' on Linux while the screen is locked). */
    setIdleState(state: ReturnType<Electron.PowerMonitor['getSystemIdleState']>) {
      idleState = state;
    },
    /** macOS/Windows: powerMonitor's own events. */
    emitPower(event: 'lock-screen' | 'suspend') {
      power.emit(event);
    },
    emitApp(event: 'second-instance' | 'window-all-closed') {
      appEvents.emit(event);
    },
    /** Quits as the OS asks: returns whether the app held the quit back (to close its server first). */
    beforeQuit(): boolean {
      let prevented = false;
      appEvents.emit('before-quit', {
        preventDefault: () => {
          prevented = true;
        },
        defaultPrevented: false,
      } satisfies Electron.Event);
      return prevented;
    },
    /** Creates a web contents as Electron would, so the app puts its guards on it. */
    createWebContents(): FakeWebContents {
      const contents = new FakeWebContents();
      webContentsGuards.push(contents);
      appEvents.emit('web-contents-created', { preventDefault() {}, defaultPrevented: false }, contents);
      return contents;
    },
  };
  return { electron, controls };
}

type NavigationEvent = 'will-navigate' | 'will-redirect' | 'will-attach-webview';
/** What Electron 45 hands a navigation listener: one details object (electron.d.ts). */
type NavigationDetails = Electron.Event<
  Electron.WebContentsWillNavigateEventParams & Electron.WebContentsWillRedirectEventParams
>;

/** A web contents: records the guards put on it, and fires navigation as Electron 45 does (details only). */
export class FakeWebContents implements GuardedWebContents {
  readonly listeners = new Map<NavigationEvent, (details: NavigationDetails) => void>();
  openHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | null = null;

  on(
    event: 'will-navigate',
    listener: (details: Electron.Event<Electron.WebContentsWillNavigateEventParams>) => void,
  ): this;
  on(
    event: 'will-redirect',
    listener: (details: Electron.Event<Electron.WebContentsWillRedirectEventParams>) => void,
  ): this;
  on(event: 'will-attach-webview', listener: (event: Electron.Event) => void): this;
  on(event: NavigationEvent, listener: (details: NavigationDetails) => void): this {
    this.listeners.set(event, listener);
    return this;
  }

  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]): void {
    this.openHandler = handler;
  }

  /** Fires a navigation of the main frame to url; answers whether the guard refused it. */
  navigate(event: NavigationEvent, url = ''): boolean {
    let refused = false;
    this.listeners.get(event)?.({
      url,
      isSameDocument: false,
      isMainFrame: true,
      frame: null,
      initiator: null,
      preventDefault: () => {
        refused = true;
      },
      defaultPrevented: false,
    });
    return refused;
  }
}
