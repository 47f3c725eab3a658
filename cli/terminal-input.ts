// Reading what a person types (passwords without echo, yes/no questions) or what a script pipes in.
// Prompts go to stderr so that stdout carries only what a command is asked to print.
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { CliError } from './errors.ts';

/** Piped stdin, handed out a line at a time (a password) or all at once (a value for put). */
class PipedInput {
  #buffer = '';
  #ended = false;
  #started = false;
  #wake: (() => void) | null = null;

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      this.#buffer += chunk;
      this.#wake?.();
    });
    process.stdin.on('end', () => {
      this.#ended = true;
      this.#wake?.();
    });
  }

  async #next(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    this.#wake = null;
  }

  /** One line without its line ending, or null when stdin ended first. */
  async line(): Promise<string | null> {
    this.#start();
    for (;;) {
      const end = this.#buffer.indexOf('\n');
      if (end >= 0) {
        const line = this.#buffer.slice(0, end).replace(/\r$/, '');
        this.#buffer = this.#buffer.slice(end + 1);
        return line;
      }
      if (this.#ended) {
        if (this.#buffer === '') return null;
        const line = this.#buffer;
        this.#buffer = '';
        return line;
      }
      await this.#next();
    }
  }

  /** Everything left until stdin ends. */
  async rest(): Promise<string> {
    this.#start();
    while (!this.#ended) await this.#next();
    const all = this.#buffer;
    this.#buffer = '';
    return all;
  }

  /** Lets the process exit when nothing more is wanted from a stdin that stays open. */
  release(): void {
    if (this.#started) process.stdin.pause();
  }
}

const piped = new PipedInput();

export const stdinIsTerminal = (): boolean => process.stdin.isTTY === true;

export function releaseStdin(): void {
  piped.release();
}

/** Asks on the terminal with nothing echoed; a script pipes the answer as one line on stdin instead. */
export async function askSecret(prompt: string): Promise<string> {
  if (!stdinIsTerminal()) {
    const line = await piped.line();
    if (line === null) throw new CliError(`${prompt.replace(/:\s*$/, '')}: nothing on stdin`);
    return line;
  }
  const muted = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(prompt);
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.on('SIGINT', () => reject(new CliError('cancelled', 130)));
      rl.on('close', () => reject(new CliError('cancelled')));
      rl.question('', resolve);
    });
  } finally {
    process.stderr.write('\n');
    rl.removeAllListeners('close');
    rl.close();
  }
}

/** A yes/no question on the terminal; without one, the caller must have been told with a flag instead. */
export async function confirm(question: string, flagHint: string): Promise<boolean> {
  if (!stdinIsTerminal()) {
    throw new CliError(
      `${question.replace(/\s*\[y\/N\]\s*$/, '')}: cannot ask without a terminal; ${flagHint}`,
    );
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      rl.on('SIGINT', () => reject(new CliError('cancelled', 130)));
      rl.question(`${question} `, resolve);
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** The whole of piped stdin, less one final line ending (what `echo value |` adds). */
export async function readPipedValue(): Promise<string> {
  const text = await piped.rest();
  return text.replace(/\r?\n$/, '');
}

/** The whole of piped stdin exactly as it came (a template, where every byte counts). */
export function readPipedText(): Promise<string> {
  return piped.rest();
}
