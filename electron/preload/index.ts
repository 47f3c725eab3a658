// The one bridge: exactly `call` (an operation and its input, forwarded to main's dispatcher) and
// `onEvent` (main's events). Nothing of Node or Electron reaches the page.
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import {
  BRIDGE_CALL_CHANNEL,
  BRIDGE_EVENT_CHANNEL,
  BRIDGE_GLOBAL,
  type BridgeEvent,
  type KeyholdBridge,
} from '../../contract/desktop/bridge-channels.ts';

export function makeBridge(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): KeyholdBridge {
  return {
    call: (request) => ipc.invoke(BRIDGE_CALL_CHANNEL, request),
    onEvent: (listener) => {
      // The page gets the event's payload only, never the IpcRendererEvent (which carries `sender`).
      const forward = (_event: IpcRendererEvent, payload: BridgeEvent) => listener(payload);
      ipc.on(BRIDGE_EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(BRIDGE_EVENT_CHANNEL, forward);
      };
    },
  };
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, makeBridge(ipcRenderer));
