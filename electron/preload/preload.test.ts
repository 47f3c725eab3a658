// The preload exposes exactly one bridge with two functions, and never hands the page an IPC event.
import { describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true, value: 'answer' })),
  on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) =>
    listeners.set(channel, listener),
  ),
  removeListener: vi.fn((channel: string) => listeners.delete(channel)),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
  ipcRenderer,
}));

describe('preload', () => {
  it('exposes window.keyhold with exactly call and onEvent', async () => {
    await import('./index.ts');
    expect([...exposed.keys()]).toEqual(['keyhold']);
    const bridge = exposed.get('keyhold') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
  });

  it('forwards calls on the one channel and passes events on without the IPC event object', async () => {
    const bridge = exposed.get('keyhold') as {
      call(r: unknown): Promise<unknown>;
      onEvent(l: (e: unknown) => void): () => void;
    };
    const request = { operation: 'status', input: {}, token: null, opNumber: null };
    expect(await bridge.call(request)).toEqual({ ok: true, value: 'answer' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('keyhold:call', request);

    const received: unknown[] = [];
    const unsubscribe = bridge.onEvent((e) => received.push(e));
    listeners.get('keyhold:event')?.({ sender: { send: 'ipc internals' } }, { type: 'lock', reason: 'menu' });
    expect(received).toEqual([{ type: 'lock', reason: 'menu' }]);
    unsubscribe();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('keyhold:event', expect.any(Function));
    expect(listeners.has('keyhold:event')).toBe(false);
  });
});
