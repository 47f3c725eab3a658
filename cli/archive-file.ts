// An archive on disk, a line at a time: written into a new file (mode 600, never over an existing one) and
// removed again if writing fails, and read back as lines without holding the whole file.
import { createReadStream, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { textLines } from '../client/export/archive-lines.ts';
import { CliError } from './errors.ts';

const codeOf = (error: unknown) => (error instanceof Error && 'code' in error ? String(error.code) : '');

/** Runs `produce` with a writer into a new file; a failure leaves no half archive behind. */
export async function writeNewFileByLines(
  file: string,
  produce: (write: (line: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if (codeOf(error) === 'EEXIST')
      throw new CliError(`${file} exists already; choose another file or remove it first`);
    throw new CliError(`cannot write ${file} (${codeOf(error) || 'error'})`);
  }
  try {
    await produce(async (line) => {
      await handle.write(line);
    });
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    rmSync(file, { force: true });
    throw error;
  }
}

/** The first bytes of a file as text, enough to tell its format without reading a large archive whole. */
export async function fileHead(file: string, limit = 64 * 1024): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(limit);
    const { bytesRead } = await handle.read(buffer, 0, limit, 0);
    return new TextDecoder().decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The file's lines as they are read from disk. */
export const fileLines = (file: string): AsyncGenerator<string> =>
  textLines(createReadStream(file, { highWaterMark: 256 * 1024 }));
