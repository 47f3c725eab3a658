// Reads a file as text lines as its bytes arrive, so an archive of any size is opened a line at a time
// (a file's chunk is one line) instead of being held whole.

/** Bytes in pieces of any size → the text's lines, without their '\n' (a final line without one counts). */
export async function* textLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The pieces of the line being read: joined once it ends, so a long line costs no repeated copying.
  let parts: string[] = [];
  for await (const piece of source) {
    const text = decoder.decode(piece, { stream: true });
    let from = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
      parts.push(text.slice(from, at));
      yield parts.join('');
      parts = [];
      from = at + 1;
    }
    if (from < text.length) parts.push(text.slice(from));
  }
  const rest = decoder.decode();
  if (rest !== '') parts.push(rest);
  if (parts.length > 0) yield parts.join('');
}

/** The lines of a text already in memory (an archive read whole by an older caller, or a test). */
export async function* linesOfText(text: string): AsyncGenerator<string> {
  let from = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
    yield text.slice(from, at);
    from = at + 1;
  }
  if (from < text.length) yield text.slice(from);
}

/** A browser Blob or File as byte pieces, read a slice at a time (no whole-file buffer, no stream API). */
export async function* blobBytes(blob: Blob, slice = 1024 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < blob.size; at += slice) {
    yield new Uint8Array(await blob.slice(at, at + slice).arrayBuffer());
  }
}
