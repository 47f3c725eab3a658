// Entry of the window's search-index worker (built as assets/search-worker.js): the index body on a
// Web Worker's message port, so opening a hundred thousand values never blocks the window.

import { searchIndexHandler } from './search-index-core.ts';
import type { SearchRequest } from './search-protocol.ts';

const handle = searchIndexHandler();

self.addEventListener('message', (event: MessageEvent<SearchRequest>) => {
  const reply = handle(event.data);
  if (reply) self.postMessage(reply);
});
