// Copy with a deadline: the clipboard is cleared after a delay, and at once when the app locks or quits,
// but only if it still holds what we put there, so something the user copied since is never wiped. A new
// copy replaces the pending clear. Copied secrets carry each system's "do not keep this" marker, so
// clipboard history, cloud clipboard and clipboard managers that honour it leave them out.
import type { ClipboardItemConstructor, ClipboardPayloads, ClipboardSurface } from './electron-surface.ts';

/** A raw OS clipboard format through Electron 45's clipboard.write (docs/api/clipboard.md, custom formats). */
export const rawFormat = (name: string) => `electron application/osclipboard;format="${name}"`;

/**
 * The markers password managers set, as Bitwarden does through arboard
 * (bitwarden/clients apps/desktop/desktop_native/core/src/clipboard.rs; 1Password/arboard
 * src/platform/{windows,osx,linux}.rs):
 * - Windows: CanIncludeInClipboardHistory and CanUploadToCloudClipboard as a DWORD 0 keep the copy out of
 *   clipboard history (Win+V) and the cloud clipboard; ExcludeClipboardContentFromMonitorProcessing keeps
 *   clipboard monitors away (Microsoft, "Clipboard Formats": cloud clipboard and clipboard history formats).
 * - macOS: org.nspasteboard.ConcealedType (nspasteboard.org), honoured by clipboard managers.
 * - Linux: x-kde-passwordManagerHint = "secret", honoured by Klipper, wl-clipboard and others.
 * Payloads are Blobs: electron.d.ts (45.4) types raw payloads as Blob; a Blob supplies the bytes as they are.
 */
export function concealmentMarkers(platform: NodeJS.Platform): Record<string, Blob> {
  const dwordZero = () => new Blob([new Uint8Array(4)]);
  switch (platform) {
    case 'win32':
      return {
        [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: dwordZero(),
        [rawFormat('CanIncludeInClipboardHistory')]: dwordZero(),
        [rawFormat('CanUploadToCloudClipboard')]: dwordZero(),
      };
    case 'darwin':
      return { [rawFormat('org.nspasteboard.ConcealedType')]: new Blob([]) };
    default:
      return { [rawFormat('x-kde-passwordManagerHint')]: new Blob(['secret']) };
  }
}

export class ClipboardGuard {
  readonly #clipboard: ClipboardSurface;
  readonly #ClipboardItem: ClipboardItemConstructor;
  readonly #platform: NodeJS.Platform;
  readonly #onCleared: () => void;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** What we copied and have not cleared yet (only while a clear is due: a delay of 0 keeps nothing). */
  #copied: string | null = null;

  constructor(
    clipboard: ClipboardSurface,
    ClipboardItem: ClipboardItemConstructor,
    onCleared: () => void,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.#clipboard = clipboard;
    this.#ClipboardItem = ClipboardItem;
    this.#onCleared = onCleared;
    this.#platform = platform;
  }

  async copy(text: string, clearAfterSeconds: number): Promise<void> {
    this.cancel();
    const payloads: ClipboardPayloads = { 'text/plain': text, ...concealmentMarkers(this.#platform) };
    // One write: the text and its markers reach the system clipboard together (clipboard.write is atomic).
    await this.#clipboard.write([new this.#ClipboardItem(payloads)]);
    if (clearAfterSeconds <= 0) return;
    this.#copied = text;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.clearIfOurs();
    }, clearAfterSeconds * 1000);
  }

  /** Stops the pending clear without clearing (the text is forgotten either way). */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#copied = null;
  }

  /**
   * Clears now if the clipboard still holds what we copied: when the delay runs out, when the app locks,
   * when it quits. Answers whether it cleared.
   */
  async clearIfOurs(): Promise<boolean> {
    const copied = this.#copied;
    this.cancel();
    if (copied === null) return false;
    if ((await this.#clipboard.readText()) !== copied) return false;
    this.#clipboard.clear();
    this.#onCleared();
    return true;
  }
}
