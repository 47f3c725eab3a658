// The desktop app's life: one instance, the hardened window, the host worker, the bridge, auto-lock,
// the menu, and a clean shutdown of the embedded server.
import path from 'node:path';
import { BRIDGE_EVENT_CHANNEL, type BridgeEvent, type LockReason } from '../../contract/index.ts';
import { APP_MODE_FILE, ModeController } from './app-mode.ts';
import { appProtocolHandler } from './app-protocol.ts';
import { AutoLock } from './auto-lock.ts';
import { ClipboardGuard } from './clipboard-guard.ts';
import type { DesktopElectron, DesktopWindow } from './electron-surface.ts';
import { type HostClient, startHost } from './host-client.ts';
import type { HostWorkerData } from './host-protocol.ts';
import { type FrameLike, type IpcEventLike, registerBridge } from './ipc.ts';
import { Keychain } from './keychain.ts';
import { type MenuItemTemplate, menuTemplate } from './menu.ts';
import { APP_SCHEME, APP_URL, hardenSession, hardenWebContents, isAppUrl } from './security.ts';
import { SSH_AGENT_FILE, SshAgentHost } from './ssh-agent-host.ts';
import { windowOptions } from './window.ts';

export interface DesktopPaths {
  rendererRoot: string;
  preload: string;
  hostWorker: string;
}

/** A call is ours only from the main frame of our window, showing our own page. */
export function isMainFrameOf(
  window: { webContents: { id: number; mainFrame: FrameLike } } | null,
  event: IpcEventLike,
): boolean {
  const frame = event.senderFrame;
  if (!window || !frame) return false;
  const main = window.webContents.mainFrame;
  return (
    event.sender.id === window.webContents.id &&
    frame.processId === main.processId &&
    frame.routingId === main.routingId &&
    isAppUrl(frame.url)
  );
}

/** Starts the embedded server; tests pass a fake, the app the worker-thread host. */
export type StartHost = (workerFile: string, data: HostWorkerData) => Promise<HostClient>;

export async function runDesktop<MenuHandle>(
  electron: DesktopElectron<MenuHandle>,
  paths: DesktopPaths,
  start: StartHost = startHost,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const {
    app,
    BrowserWindow,
    ipcMain,
    powerMonitor,
    clipboard,
    ClipboardItem,
    safeStorage,
    shell,
    session,
    Menu,
    protocol,
  } = electron;
  // Before ready: our scheme gets a real origin, so the CSP's 'self' means our files and nothing else.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  // Every renderer sandboxed, whatever a window's own preferences say.
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let window: DesktopWindow | null = null;
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  const openExternal = (url: string) => void shell.openExternal(url);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

  await app.whenReady();
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(paths.rendererRoot));
  const userData = app.getPath('userData');
  // Host mode runs the embedded server (exposing it on the network only if its settings say so);
  // client mode forwards to a remote server with its pinned CA instead.
  const modes = new ModeController({
    file: path.join(userData, APP_MODE_FILE),
    // Client mode reaches its server through the proxy the system (or its PAC file) names for it.
    resolveProxy: (url) => session.defaultSession.resolveProxy(url),
    startHost: () =>
      start(paths.hostWorker, { dataDir: userData, logLevel: 'info', webRoot: paths.rendererRoot }),
  });
  await modes.start();

  window = new BrowserWindow(windowOptions(paths.preload));
  const shown = window;
  const send = (event: BridgeEvent) => {
    if (!shown.isDestroyed()) shown.webContents.send(BRIDGE_EVENT_CHANNEL, event);
  };
  const clipboardGuard = new ClipboardGuard(
    clipboard,
    ClipboardItem,
    () => send({ type: 'clipboard-cleared' }),
    platform,
  );
  // Every lock main knows of (menu, screen lock, suspend, idle) also takes a copied secret off the
  // clipboard, if it is still there.
  // The SSH agent offers the window's keys only while it is unlocked (see ssh-agent-host.ts).
  const sshAgent = new SshAgentHost({ file: path.join(userData, SSH_AGENT_FILE), send });
  const lock = (reason: LockReason) => {
    send({ type: 'lock', reason });
    sshAgent.lock();
    void clipboardGuard.clearIfOurs();
  };
  const autoLock = new AutoLock(powerMonitor, lock, platform);
  autoLock.start();
  const keychain = new Keychain(
    safeStorage,
    path.join(userData, 'unseal-passphrase.keychain'),
    modes.forwardToHost,
    platform,
  );
  // A computer that keeps the passphrase in its keychain unseals its own server at start; if that
  // fails (the passphrase changed, the keychain is locked or changed), the window shows the unseal screen.
  const kept = await keychain.status();
  if (modes.hostRunning && kept.available && kept.remembered && !kept.reason) {
    await keychain.unseal().catch(() => null);
  }
  registerBridge(ipcMain, {
    isTrustedSender: (event) => isMainFrameOf(shown, event),
    forward: (request) => {
      // The window signs out when it locks itself (its Lock button, its own idle timer) or signs out:
      // the copied secret goes with the session.
      if (request.operation === 'logout') {
        void clipboardGuard.clearIfOurs();
        sshAgent.lock();
      }
      return modes.forward(request);
    },
    desktop: {
      modes,
      clipboard: clipboardGuard,
      autoLock,
      keychain,
      openExternal: (url) => shell.openExternal(url),
      sshAgent,
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(() => lock('menu'), platform)));
  shown.once('ready-to-show', () => shown.show());

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    // The embedded server closes its database before the process goes.
    event.preventDefault();
    quitting = true;
    autoLock.stop();
    // A copied secret does not outlive the app: cleared now if the clipboard still holds it.
    void clipboardGuard
      .clearIfOurs()
      .catch(() => false)
      .then(() => sshAgent.stop().catch(() => undefined))
      .then(() => modes.close())
      .finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
  await shown.loadURL(APP_URL);
}

export type { MenuItemTemplate };
