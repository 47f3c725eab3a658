// The embedded server, off the UI thread: storage, keyring and the security monitor in a worker thread,
// so a KDF, an import or a 100,000-row query never freezes the window. Calls arrive as messages.
// It loads the better-sqlite3 built for this Electron (native/, next to dist/), and logs to a rotated file
// in the user-data folder: a packaged app may have no standard output at all (Windows).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { pickSqliteBinding } from '../../scripts/native-folder.mjs';
import { openKeyholdCore } from '../../server/app.ts';
import { DESKTOP_LOG, RotatingFileDestination } from '../../server/log.ts';
import { ListenerManager } from '../../server/transport/listener.ts';
import type { HostReply, HostRequest, HostWorkerData } from './host-protocol.ts';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('host-worker runs as a worker thread only');
  const { dataDir, logLevel, webRoot } = workerData as HostWorkerData;
  // Bundled as <app>/dist/electron/host-worker.cjs: the app root (the checkout, or app.asar) is two up.
  const sqliteNativeBinding = pickSqliteBinding({
    appRoot: path.resolve(__dirname, '..', '..'),
    versions: process.versions,
    platform: process.platform,
    arch: process.arch,
    exists: existsSync,
  });
  const logFile = new RotatingFileDestination({
    file: path.join(dataDir, 'logs', 'keyhold.log'),
    ...DESKTOP_LOG,
  });
  const core = await openKeyholdCore({
    dataDir,
    logLevel,
    logDestination: logFile,
    ...(sqliteNativeBinding && { sqliteNativeBinding }),
  });
  // No network listener until the settings expose the server (the window uses IPC): then it listens
  // here, in this worker, on the address and port they give, and moves when they change.
  const network = await ListenerManager.start({
    monitor: core.monitor,
    tls: { key: core.tls.key, cert: core.tls.cert },
    caCertPem: core.caCertPem,
    caFingerprint: core.tls.caFingerprint,
    log: core.log,
    ...(webRoot && { webRoot }),
    mode: 'desktop',
    initial: null,
    pinned: { address: false, port: false },
  });
  port.on('message', (message: HostRequest) => {
    if (message.type === 'close') {
      void network
        .close()
        .then(() => core.close())
        .then(() => logFile.close())
        .then(() => port.postMessage({ type: 'closed' } satisfies HostReply));
      return;
    }
    const { id, request } = message;
    core.monitor
      .dispatch(
        { token: request.token, opNumber: request.opNumber, address: 'ipc', port: 0, transport: 'ipc' },
        request.operation,
        request.input,
      )
      .then(
        (result) => port.postMessage({ type: 'result', id, result } satisfies HostReply),
        () =>
          port.postMessage({
            type: 'result',
            id,
            result: {
              ok: false,
              error: { code: 'internal', message: 'the server could not complete the request' },
            },
          } satisfies HostReply),
      );
  });
  port.postMessage({ type: 'ready' } satisfies HostReply);
}

main().catch((error: unknown) => {
  parentPort?.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
  } satisfies HostReply);
});
