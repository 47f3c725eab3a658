// The read path's copy of what readers last read: a version's value and the reader's wrapped key, as
// readValueForReader returns them. Both are end-to-end ciphertext, which the server cannot open; the copy
// spares a repeated read the joined select and two at-rest decryptions (about a fifth of its time).
import type { Keyring } from '../keyring/index.ts';
import type { Store } from '../storage/database.ts';
import { readValueForReader } from './secrets-repo.ts';

export type ReaderValue = NonNullable<Awaited<ReturnType<typeof readValueForReader>>>;

/** Values this large are read from the store each time: the copy is for the many small reads. */
const MAX_ENTRY_CHARS = 64 * 1024;
/** The whole copy stays under this many characters (about 64 MB); the oldest entries leave first. */
const MAX_TOTAL_CHARS = 32 * 1024 * 1024;

/** What an entry counts against the bounds: its key and the two ciphertexts it holds. */
const charsOf = (key: string, entry: ReaderValue) =>
  key.length + (entry.value?.length ?? 0) + entry.wrappedKey.length;

/**
 * Owned by SecretsService: cleared by every committed write to secrets, versions or grants (the services'
 * refresh), by any write that may have reached anything (scope 'any'), by what other nodes wrote
 * (cluster-sync) and at seal. A read that began before a clear does
 * not store what it read (the generation moved on), so a write racing a read leaves no stale copy.
 */
export class ReaderValueCache {
  readonly #entries = new Map<string, ReaderValue>();
  #chars = 0;
  #generation = 0;

  async read(
    store: Store,
    keyring: Keyring,
    secretId: string,
    version: number,
    principalId: string,
  ): Promise<ReaderValue | null> {
    const key = `${secretId}\n${version}\n${principalId}`;
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const generation = this.#generation;
    const stored = await readValueForReader(store, keyring, secretId, version, principalId);
    if (stored && generation === this.#generation) this.#add(key, stored);
    return stored;
  }

  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
    this.#generation++;
  }

  get size(): number {
    return this.#entries.size;
  }

  #add(key: string, value: ReaderValue): void {
    const chars = charsOf(key, value);
    if (chars > MAX_ENTRY_CHARS) return;
    for (const [oldest, entry] of this.#entries) {
      if (this.#chars + chars <= MAX_TOTAL_CHARS) break;
      this.#entries.delete(oldest);
      this.#chars -= charsOf(oldest, entry);
    }
    this.#entries.set(key, value);
    this.#chars += chars;
  }
}
