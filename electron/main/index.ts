// The Electron main process entry (bundled to dist/electron/main.cjs): the real electron module, wired.
import path from 'node:path';
import * as electron from 'electron';
import type { DesktopElectron } from './electron-surface.ts';
import { runDesktop } from './lifecycle.ts';
import { sandboxRefusal } from './sandbox-check.ts';

const here = __dirname;
// `electron satisfies DesktopElectron` below: the real module checked against electron-surface.ts, the type
// the tests' fake (tests/support/fake-electron.ts) must satisfy too.
const refusal = sandboxRefusal({
  noSandbox: electron.app.commandLine.hasSwitch('no-sandbox'),
  env: process.env,
  platform: process.platform,
});
if (refusal) {
  electron.dialog.showErrorBox('Keyhold cannot start safely', refusal);
  electron.app.exit(1);
} else
  runDesktop(electron satisfies DesktopElectron, {
    rendererRoot: path.join(here, '..', 'renderer'),
    preload: path.join(here, 'preload.cjs'),
    hostWorker: path.join(here, 'host-worker.cjs'),
  }).catch((error: unknown) => {
    electron.dialog.showErrorBox(
      'Keyhold could not start',
      error instanceof Error ? error.message : String(error),
    );
    electron.app.exit(1);
  });
