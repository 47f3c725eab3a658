// Services that live beside a server's state (backups, audit retention, the listener): each registers
// itself when it starts, and the operation handlers, which see only the state, find it here.
import type { ServerState } from './server-state.ts';

export interface ServiceSlot<T extends object> {
  register(state: ServerState, service: T): void;
  /** The service, or an error naming what the server was opened without (a programming error). */
  of(state: ServerState): T;
  /** The service, or null where a server runs without it (a desktop core has no listener). */
  find(state: ServerState): T | null;
}

export function serviceSlot<T extends object>(what: string): ServiceSlot<T> {
  const byState = new WeakMap<ServerState, T>();
  return {
    register: (state, service) => void byState.set(state, service),
    of: (state) => {
      const service = byState.get(state);
      if (!service) throw new Error(`this server was opened without its ${what}`);
      return service;
    },
    find: (state) => byState.get(state) ?? null,
  };
}
