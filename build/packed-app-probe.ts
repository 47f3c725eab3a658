// Runs a packed Keyhold (its app.asar, extracted) under Node with the tests' fake `electron`
// (tests/support/fake-electron.ts): the packed main bundle boots, its host worker opens the store through
// the packed better-sqlite3 binary, app://keyhold/ serves the UI, the bridge answers, and quitting closes
// the server. Prints one JSON line of what it saw. build/packaging.test.ts bundles it (esbuild, cjs) and runs
//   node probe.cjs <extracted app folder> <user-data folder>
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { BRIDGE_CALL_CHANNEL } from '../contract/index.ts';
import { FakeWindow, fakeElectron } from '../tests/support/fake-electron.ts';

const [appDir, userData] = process.argv.slice(2);
if (!appDir || !userData) throw new Error('usage: packed-app-probe <app folder> <user-data folder>');

const { electron, controls } = fakeElectron({ userData });
let booted: () => void = () => {};
const windowShown = new Promise<void>((resolve) => {
  booted = resolve;
});
let quit: () => void = () => {};
const quitted = new Promise<void>((resolve) => {
  quit = resolve;
});
const failures: string[] = [];

// What index.ts (the bundle's entry) uses besides runDesktop's part: the --no-sandbox check and the
// error box. The window resolves `windowShown` once the app has loaded its page: the boot is over.
const entry = {
  ...electron,
  app: Object.assign(electron.app, {
    commandLine: { hasSwitch: (_name: string) => false },
    exit: (code?: number) => failures.push(`app.exit(${code})`),
    quit: () => quit(),
  }),
  dialog: { showErrorBox: (title: string, content: string) => failures.push(`${title}: ${content}`) },
  BrowserWindow: class extends electron.BrowserWindow {
    override async loadURL(url: string) {
      await super.loadURL(url);
      booted();
    }
  },
};

// The packed bundle's require('electron') gets the fake; everything else loads from the packed app.
type Load = (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
const load: Load = Reflect.get(Module, '_load');
Reflect.set(
  Module,
  '_load',
  function electronFake(this: unknown, request: string, parent: unknown, isMain: boolean) {
    return request === 'electron' ? entry : load.call(this, request, parent, isMain);
  },
);

async function main(app: string): Promise<void> {
  createRequire(path.join(app, 'package.json'))('./dist/electron/main.cjs');

  await Promise.race([
    windowShown,
    new Promise((_, reject) =>
      setInterval(() => failures.length && reject(new Error(failures.join('; '))), 50),
    ),
  ]);
  const window = controls.windows[0];
  if (!(window instanceof FakeWindow)) throw new Error('no window');

  const serve = controls.protocolHandlers.get('app');
  const page = serve ? await serve(new Request('app://keyhold/')) : null;
  const call = controls.ipcHandlers.get(BRIDGE_CALL_CHANNEL);
  // The main frame of our window, as the bridge's sender check reads it (only those fields exist here).
  const trusted = { sender: { id: window.webContents.id }, senderFrame: window.webContents.mainFrame };
  const status = call
    ? await call(trusted as never, { operation: 'status', input: {}, token: null, opNumber: null })
    : null;

  controls.beforeQuit();
  await quitted;
  process.stdout.write(
    `${JSON.stringify({
      loaded: window.calls.find((c) => c.method === 'loadURL')?.args[0],
      page: page && {
        status: page.status,
        type: page.headers.get('content-type'),
        csp: page.headers.get('content-security-policy'),
        body: (await page.text()).slice(0, 400),
      },
      status,
      failures,
    })}\n`,
  );
  process.exit(0);
}

void main(appDir);
