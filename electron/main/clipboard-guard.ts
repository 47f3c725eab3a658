// Copy with a deadline: the clipboard is cleared after a delay, but only if it still holds what we put
// there, so something the user copied since is never wiped. A new copy replaces the pending clear.

/** Electron's clipboard (async since Electron 45; older versions answer synchronously). */
export interface ClipboardLike {
  readText(): Promise<string> | string;
  writeText(text: string): Promise<void> | void;
  clear(): void;
}

export class ClipboardGuard {
  readonly #clipboard: ClipboardLike;
  readonly #onCleared: () => void;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(clipboard: ClipboardLike, onCleared: () => void) {
    this.#clipboard = clipboard;
    this.#onCleared = onCleared;
  }

  async copy(text: string, clearAfterSeconds: number): Promise<void> {
    this.cancel();
    await this.#clipboard.writeText(text);
    if (clearAfterSeconds <= 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#clearIfUnchanged(text);
    }, clearAfterSeconds * 1000);
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #clearIfUnchanged(text: string): Promise<void> {
    if ((await this.#clipboard.readText()) !== text) return;
    this.#clipboard.clear();
    this.#onCleared();
  }
}
