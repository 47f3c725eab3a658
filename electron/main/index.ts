// The Electron main process entry (bundled to dist/electron/main.cjs): the real electron module, wired.
import path from 'node:path';
import * as electron from 'electron';
import { runDesktop } from './lifecycle.ts';

const here = __dirname;
runDesktop(electron, {
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
