// What a worker looks like to the pools that drive it, from either runtime: a Web Worker in the window or a
// node worker thread in the command, adapted. Each pool names its own messages (bulk crypto, health scores).

export interface Port<Request, Reply> {
  postMessage(message: Request): void;
  onMessage(listener: (message: Reply) => void): void;
  /** The worker died or its script failed: every request in flight fails with this. */
  onError(listener: (error: Error) => void): void;
  terminate(): void;
}
