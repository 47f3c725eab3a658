// The server's logger: JSON lines via pino, with credentials redacted should they ever reach a log call.
// Headless, lines go to standard output; the desktop app writes them to a size-bounded, rotated file in
// its user-data folder instead (a packaged Windows app has no standard output). Either way a log write that
// fails is dropped: logging never stops the server (pino re-emits a failed stdout write as an uncaught
// error otherwise, pinojs/pino#1868).
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'keyhold' },
      redact: {
        paths: [
          'req.headers.authorization',
          '*.token',
          '*.password',
          '*.passphrase',
          '*.authHash',
          '*.share',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? standardOutput(),
  );
}

/** Standard output, where a closed or broken descriptor (EBADF, EPIPE) loses lines instead of the process. */
function standardOutput(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: true });
  stream.on('error', () => {});
  return stream;
}

export interface RotatingFileOptions {
  /** The live file; older ones are `<file>.1` (newest) … `<file>.<keep>`. */
  file: string;
  /** A file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** How many rotated files are kept besides the live one. */
  keep: number;
  /** After a failed open, how long to drop lines before trying again (ms). */
  retryMs?: number;
}

/** The desktop defaults: at most 4 × 5 MiB of logs in <userData>/logs. */
export const DESKTOP_LOG = { maxBytes: 5 * 1024 * 1024, keep: 3 } as const;

/**
 * A pino destination appending to a file that is rotated by size. Writes are synchronous (the worker logs
 * little, and a crash loses nothing); any failure (disk full, folder removed, no permission) drops the
 * line and reopens later, and never throws into the caller.
 */
export class RotatingFileDestination implements DestinationStream {
  readonly #options: Required<RotatingFileOptions>;
  #fd: number | null = null;
  #size = 0;
  #retryAt = 0;

  constructor(options: RotatingFileOptions) {
    this.#options = { retryMs: 60_000, ...options };
  }

  write(line: string): void {
    try {
      const fd = this.#open();
      if (fd === null) return;
      const bytes = Buffer.byteLength(line);
      if (this.#size > 0 && this.#size + bytes > this.#options.maxBytes) {
        this.#rotate();
        this.write(line);
        return;
      }
      writeSync(fd, line);
      this.#size += bytes;
    } catch {
      this.#close();
      this.#retryAt = Date.now() + this.#options.retryMs;
    }
  }

  /** Closes the file (the worker does at shutdown); a later write opens it again. */
  close(): void {
    this.#close();
  }

  #open(): number | null {
    if (this.#fd !== null) return this.#fd;
    if (Date.now() < this.#retryAt) return null;
    mkdirSync(path.dirname(this.#options.file), { recursive: true, mode: 0o700 });
    const fd = openSync(this.#options.file, 'a', 0o600);
    this.#fd = fd;
    this.#size = fstatSync(fd).size;
    return fd;
  }

  #rotate(): void {
    this.#close();
    const { file, keep } = this.#options;
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) renameIfThere(`${file}.${i}`, `${file}.${i + 1}`);
    if (keep > 0) renameIfThere(file, `${file}.1`);
    else rmSync(file, { force: true });
  }

  #close(): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    this.#fd = null;
    try {
      closeSync(fd);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
