// Finds the index's entries whose text holds a query, narrowing from an earlier query's hits when the new
// one contains it (a person typing on), so a keystroke scans the last hits rather than the whole vault.
// A query with no narrow enough base is looked for in one string of every entry's text (as the server's own
// search does, server/secrets/secret-index.ts): indexOf jumps from hit to hit instead of testing each of a
// hundred thousand entries in turn (the first digit after "acct-" cost a full scan per keystroke).
// Hits always come in the order the entries are given in: the index gives them sorted as the server lists.

/** Which text of an entry a matcher searches, and which of its hits it leaves out. */
export interface MatchRule<E> {
  /** Lower-cased; fields separated by newlines (a query of one line never spans two). */
  textOf(entry: E): string;
  /** A hit to leave out, e.g. a username match that the name search already returns. */
  leaveOut?(entry: E, text: string): boolean;
}

/** Earlier queries remembered: typing on, backspacing and paging through all reuse them. */
const REMEMBERED = 8;

/** Up to this many earlier hits are tested one by one; past it the joined text is searched instead. */
const NARROW_MAX = 4096;

/** Between two entries' texts in the joined text: a query never holds it (nor the newline between fields). */
const SEPARATOR = '\u0000';

/** Every entry's text in one string, and where each entry's part starts (one more: the end). */
interface Joined<E> {
  entries: E[];
  text: string;
  starts: Int32Array;
}

interface Remembered<E> {
  text: string;
  /** Entries whose text holds the text (before any are left out). */
  hits: E[];
  /** The hits not left out: what the matcher answers. */
  matches: E[];
}

export class Matcher<E> {
  readonly #rule: MatchRule<E>;
  #remembered: Remembered<E>[] = [];
  #changes = -1;
  /** Built for the index's state `#changes` names, once a second query comes under it (not while it moves). */
  #joined: Joined<E> | null = null;

  constructor(rule: MatchRule<E>) {
    this.#rule = rule;
  }

  /**
   * The matches for a normalized (trimmed, lower-cased) query, in the entries' order. `changes` names the
   * index's state: when it moved, what was remembered is dropped.
   */
  find(text: string, changes: number, all: () => Iterable<E>): E[] {
    if (text === '') return [];
    // While the index changes between two queries (its first pass), the joined text would be out of date by
    // the next one: it is built only once the index holds still.
    const settled = changes === this.#changes;
    if (!settled) {
      this.#remembered = [];
      this.#joined = null;
      this.#changes = changes;
    }
    const known = this.#remembered.find((r) => r.text === text);
    if (known) return known.matches;
    // Every entry holding the new text holds any part of it: the longest remembered part narrows the most.
    let base: Remembered<E> | undefined;
    for (const r of this.#remembered) {
      if (text.includes(r.text) && (!base || r.text.length > base.text.length)) base = r;
    }
    const joinable = !text.includes(SEPARATOR) && !text.includes('\n');
    const { textOf, leaveOut } = this.#rule;
    let hits: E[];
    if (base && base.hits.length <= NARROW_MAX) hits = base.hits.filter((e) => textOf(e).includes(text));
    else if (joinable && (this.#joined || settled)) {
      this.#joined ??= join([...all()], textOf);
      hits = hitsIn(this.#joined, text);
    } else {
      hits = [];
      for (const entry of base ? base.hits : all()) if (textOf(entry).includes(text)) hits.push(entry);
    }
    // Left out after narrowing, not before: a name can hold "ban" and not "bank-t" that its username holds.
    const matches = leaveOut ? hits.filter((entry) => !leaveOut(entry, text)) : hits;
    this.#remembered.push({ text, hits, matches });
    if (this.#remembered.length > REMEMBERED) this.#remembered.shift();
    return matches;
  }

  clear(): void {
    this.#remembered = [];
    this.#joined = null;
  }
}

function join<E>(entries: E[], textOf: (entry: E) => string): Joined<E> {
  const starts = new Int32Array(entries.length + 1);
  const texts = entries.map(textOf);
  let at = 0;
  texts.forEach((text, i) => {
    starts[i] = at;
    at += text.length + SEPARATOR.length;
  });
  starts[entries.length] = at;
  return { entries, text: texts.join(SEPARATOR) + SEPARATOR, starts };
}

/** The entries whose text holds `text`, in order: each hit is mapped to its entry by a binary search. */
function hitsIn<E>({ entries, text: joined, starts }: Joined<E>, text: string): E[] {
  const hits: E[] = [];
  let from = 0;
  for (;;) {
    const hit = joined.indexOf(text, from);
    if (hit < 0) return hits;
    // The entry holding this offset: the last whose start is at or before it.
    let lo = 0;
    let hi = entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= hit) lo = mid;
      else hi = mid - 1;
    }
    hits.push(entries[lo] as E);
    from = starts[lo + 1] as number;
  }
}
