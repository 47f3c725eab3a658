// A signal inside the window: an SSH-key item was saved, or the agent was turned on, so the offered keys are
// read again.
const listeners = new Set<() => void>();

export function agentKeysChanged(): void {
  for (const listener of listeners) listener();
}

export function onAgentKeysChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
