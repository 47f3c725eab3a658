// The one IPC entry: checks who is calling (our window's main frame, our page), validates the call,
// answers desktop operations here and hands everything else to the server's dispatcher in the host worker.
import {
  BRIDGE_CALL_CHANNEL,
  type BridgeRequest,
  bridgeRequestSchema,
  isDesktopOperation,
  type Result,
} from '../../contract/index.ts';
import { type DesktopServices, runDesktopOperation } from './desktop-ops.ts';
import { forbidden, invalidInput } from './results.ts';

/** The parts of Electron's WebFrameMain that identify a frame. */
export interface FrameLike {
  url: string;
  processId: number;
  routingId: number;
}

export interface IpcEventLike {
  senderFrame: FrameLike | null;
  sender: { id: number };
}

export interface IpcMainLike {
  handle(channel: string, handler: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface BridgeDeps {
  /** True only for the main frame of our one window, showing our own page. */
  isTrustedSender(event: IpcEventLike): boolean;
  forward(request: BridgeRequest): Promise<Result<unknown>>;
  desktop: DesktopServices;
}

export async function handleBridgeCall(
  deps: BridgeDeps,
  event: IpcEventLike,
  raw: unknown,
): Promise<Result<unknown>> {
  if (!deps.isTrustedSender(event)) return forbidden('calls are accepted from the Keyhold window only');
  const parsed = bridgeRequestSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const request = parsed.data;
  try {
    if (isDesktopOperation(request.operation)) {
      return await runDesktopOperation(deps.desktop, request.operation, request.input);
    }
    return await deps.forward(request);
  } catch (error) {
    // Never throw across IPC: the renderer gets a Result whatever happens here.
    return {
      ok: false,
      error: { code: 'internal', message: error instanceof Error ? error.message : 'failed' },
    };
  }
}

export function registerBridge(ipcMain: IpcMainLike, deps: BridgeDeps): () => void {
  ipcMain.handle(BRIDGE_CALL_CHANNEL, (event, raw) => handleBridgeCall(deps, event, raw));
  return () => ipcMain.removeHandler(BRIDGE_CALL_CHANNEL);
}
