// Finds the entries whose username or URL holds a query, narrowing from an earlier query's hits when the
// new one contains it (a person typing on), so a keystroke scans the last hits rather than the whole vault.

/** What the matcher needs of an entry: the searched text and the server-searched text, both lower-cased. */
export interface Searchable {
  haystack: string;
  metaText: string;
}

/** Earlier queries remembered: typing on, backspacing and paging through all reuse them. */
const REMEMBERED = 8;

interface Remembered<E> {
  text: string;
  /** Entries whose username or URL holds the text (before leaving out what the server finds). */
  hits: E[];
  /** The hits the server's name, folder and tag search does not return: what the index answers. */
  matches: E[];
}

export class Matcher<E extends Searchable> {
  #remembered: Remembered<E>[] = [];
  #changes = -1;

  /**
   * The matches for a normalized (trimmed, lower-cased) query, in the entries' order. `changes` names the
   * index's state: when it moved, what was remembered is dropped.
   */
  find(text: string, changes: number, all: () => Iterable<E>): E[] {
    if (text === '') return [];
    if (changes !== this.#changes) {
      this.#remembered = [];
      this.#changes = changes;
    }
    const known = this.#remembered.find((r) => r.text === text);
    if (known) return known.matches;
    // Every entry holding the new text holds any part of it: the longest remembered part narrows the most.
    let base: Remembered<E> | undefined;
    for (const r of this.#remembered) {
      if (text.includes(r.text) && (!base || r.text.length > base.text.length)) base = r;
    }
    const hits: E[] = [];
    for (const entry of base ? base.hits : all()) if (entry.haystack.includes(text)) hits.push(entry);
    // Left out after narrowing, not before: a name can hold "ban" and not "bank-t" that its username holds.
    const matches = hits.filter((entry) => !entry.metaText.includes(text));
    this.#remembered.push({ text, hits, matches });
    if (this.#remembered.length > REMEMBERED) this.#remembered.shift();
    return matches;
  }

  clear(): void {
    this.#remembered = [];
  }
}
