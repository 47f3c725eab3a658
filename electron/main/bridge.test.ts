// The IPC entry: sender checks, validation, desktop operations, and calls forwarded to a real embedded
// server running in its worker thread (built exactly as the app ships it).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BridgeRequest } from '../../contract/index.ts';
import { fakeElectron } from '../../tests/support/fake-electron.ts';
import { AutoLock } from './auto-lock.ts';
import { ClipboardGuard } from './clipboard-guard.ts';
import { type HostClient, startHost } from './host-client.ts';
import { type BridgeDeps, handleBridgeCall } from './ipc.ts';
import { Keychain } from './keychain.ts';
import { isMainFrameOf } from './lifecycle.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const mainFrame = { url: 'app://keyhold/index.html', processId: 4, routingId: 1 };
const window = { webContents: { id: 7, mainFrame } };
const trusted = { sender: { id: 7 }, senderFrame: mainFrame };

let host: HostClient;
let dataDir: string;

beforeAll(async () => {
  const { buildElectron } = await import('../../scripts/build-electron.mjs');
  await buildElectron();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-host-'));
  host = await startHost(path.join(root, 'dist/electron/host-worker.cjs'), { dataDir, logLevel: 'warn' });
}, 60_000);

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function deps(overrides: Partial<BridgeDeps> = {}): BridgeDeps & { forward: ReturnType<typeof vi.fn> } {
  // A Linux desktop without a keyring: safeStorage would fall back to basic_text, so nothing is kept.
  const { electron } = fakeElectron({ backend: 'basic_text' });
  const forward = vi.fn((request: BridgeRequest) => host.call(request));
  return {
    isTrustedSender: (event) => isMainFrameOf(window, event as typeof trusted),
    forward,
    desktop: {
      clipboard: new ClipboardGuard(electron.clipboard, electron.ClipboardItem, vi.fn(), 'linux'),
      autoLock: new AutoLock(electron.powerMonitor, vi.fn(), 'linux'),
      keychain: new Keychain(electron.safeStorage, path.join(dataDir, 'none'), forward, 'linux'),
      openExternal: vi.fn(async () => {}),
    },
    ...overrides,
  } as BridgeDeps & { forward: ReturnType<typeof vi.fn> };
}

const status = { operation: 'status', input: {}, token: null, opNumber: null };

describe('the bridge in main', () => {
  it('forwards a call from our window to the dispatcher in the host worker', async () => {
    const d = deps();
    const result = await handleBridgeCall(d, trusted, status);
    expect(result).toMatchObject({ ok: true, value: { initialized: false, sealed: true } });
    expect(d.forward).toHaveBeenCalledOnce();
  });

  it('refuses calls from another frame, another window or a foreign page, without forwarding them', async () => {
    const d = deps();
    const strangers = [
      { sender: { id: 7 }, senderFrame: { ...mainFrame, routingId: 2 } },
      { sender: { id: 8 }, senderFrame: mainFrame },
      { sender: { id: 7 }, senderFrame: { ...mainFrame, url: 'https://evil.example/' } },
      { sender: { id: 7 }, senderFrame: null },
    ];
    for (const event of strangers) {
      expect(await handleBridgeCall(d, event, status)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(d.forward).not.toHaveBeenCalled();
  });

  it('validates the call and names the wrong field; the server validates the input', async () => {
    const d = deps();
    expect(await handleBridgeCall(d, trusted, { operation: 'status' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'input' },
    });
    expect(await handleBridgeCall(d, trusted, { ...status, token: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'token' },
    });
    expect(await handleBridgeCall(d, trusted, 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(d.forward).not.toHaveBeenCalled();
    expect(await handleBridgeCall(d, trusted, { ...status, operation: 'dropTables' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_operation' },
    });
    expect(
      await handleBridgeCall(d, trusted, {
        ...status,
        operation: 'init',
        input: { unseal: { method: 'passphrase', passphrase: 42 } },
      }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('answers desktop operations in main, validated, never forwarded', async () => {
    const d = deps();
    expect(
      await handleBridgeCall(d, trusted, {
        ...status,
        operation: 'desktop.copy',
        input: { text: 'x', clearAfterSeconds: 30 },
      }),
    ).toEqual({ ok: true, value: { ok: true } });
    expect(
      await handleBridgeCall(d, trusted, {
        ...status,
        operation: 'desktop.copy',
        input: { text: 'x', clearAfterSeconds: -1 },
      }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'clearAfterSeconds' } });
    expect(
      await handleBridgeCall(d, trusted, {
        ...status,
        operation: 'desktop.setAutoLock',
        input: { idleMinutes: 15 },
      }),
    ).toMatchObject({ ok: true });
    expect(d.desktop.autoLock.idleMinutes).toBe(15);
    expect(
      await handleBridgeCall(d, trusted, {
        ...status,
        operation: 'desktop.openExternal',
        input: { url: 'file:///etc/passwd' },
      }),
    ).toMatchObject({ ok: false, error: { field: 'url' } });
    expect(d.desktop.openExternal).not.toHaveBeenCalled();
    expect(await handleBridgeCall(d, trusted, { ...status, operation: 'desktop.keychainStatus' })).toEqual({
      ok: true,
      value: { available: false, remembered: false, reason: 'no-keyring' },
    });
    expect(
      await handleBridgeCall(d, trusted, {
        ...status,
        operation: 'desktop.keychainRemember',
        input: { passphrase: 'kept nowhere' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/no keyring/) },
    });
    expect(d.forward).not.toHaveBeenCalled();
  });

  it('answers pending calls with an error when the worker is gone, instead of hanging', async () => {
    const spare = await startHost(path.join(root, 'dist/electron/host-worker.cjs'), {
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'keyhold-host-')),
      logLevel: 'warn',
    });
    await spare.close();
    expect(await spare.call(status)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
