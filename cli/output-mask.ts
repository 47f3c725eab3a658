// `keyhold run --mask`: the child's output with every secret value replaced by ****, byte for byte
// otherwise. A value split across two writes is still caught: output that could be the start of a value is
// held back until the next write (or the end) tells whether it is one.
import { Transform, type TransformCallback } from 'node:stream';

export const MASK = '****';
/** Shorter values are not masked: "1" or "yes" would turn ordinary output into asterisks. */
export const MIN_MASKED_LENGTH = 4;

/**
 * Bytes as a string of one character per byte (latin1), so that matching never splits a UTF-8 sequence and
 * whatever the child writes (binary included) passes through unchanged.
 */
const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

export class MaskingStream extends Transform {
  readonly #values: string[];
  #pending = '';

  constructor(values: Iterable<string>) {
    super();
    // Longest first, so a value that contains another is masked whole.
    this.#values = [...new Set([...values].filter((v) => [...v].length >= MIN_MASKED_LENGTH))]
      .map(asBytes)
      .sort((a, b) => b.length - a.length);
  }

  #mask(text: string): string {
    let out = text;
    for (const value of this.#values) out = out.split(value).join(MASK);
    return out;
  }

  /** Where the held-back tail starts: the earliest position from which the rest may begin a value. */
  #holdFrom(text: string): number {
    const longest = this.#values[0]?.length ?? 0;
    for (let at = Math.max(0, text.length - longest + 1); at < text.length; at++) {
      const tail = text.slice(at);
      if (this.#values.some((v) => v.startsWith(tail))) return at;
    }
    return text.length;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = this.#mask(this.#pending + chunk.toString('latin1'));
    const cut = this.#holdFrom(text);
    this.#pending = text.slice(cut);
    if (cut > 0) this.push(Buffer.from(text.slice(0, cut), 'latin1'));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.#pending !== '') this.push(Buffer.from(this.#pending, 'latin1'));
    this.#pending = '';
    done();
  }
}
