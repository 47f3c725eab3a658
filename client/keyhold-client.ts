// The typed caller of the contract: one method for every operation, over any transport.
import type { ErrorBody, ErrorCode, InputOf, OperationName, OutputOf, Result } from '../contract/index.ts';
import type { Transport } from './transport/transport.ts';

export class KeyholdError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** What is wrong with `field`, machine-readable, when the server's input check refused it. */
  readonly issue: ErrorBody['issue'];
  /** Seconds to wait before trying again (rate limits, an unreachable database). */
  readonly retryAfter: number | undefined;

  constructor(error: ErrorBody) {
    super(error.message);
    this.name = 'KeyholdError';
    this.code = error.code;
    this.field = error.field;
    this.issue = error.issue;
    this.retryAfter = error.retryAfter;
  }
}

export class KeyholdClient {
  readonly #transport: Transport;
  /** Held in memory only: never written to storage by this library. */
  #token: string | null = null;
  #opNumber = 0;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  get signedIn(): boolean {
    return this.#token !== null;
  }

  /** Sets (or clears) the session token; operation numbers restart with each session. */
  setToken(token: string | null): void {
    this.#token = token;
    this.#opNumber = 0;
  }

  /**
   * The token and the last operation number used, for a command-line tool that carries its session to
   * its next run (the server refuses a repeated operation number, so the count must carry on too).
   */
  get sessionState(): { token: string; opNumber: number } | null {
    return this.#token === null ? null : { token: this.#token, opNumber: this.#opNumber };
  }

  /** Takes up a saved session where the previous run left off. */
  resumeSession(token: string, opNumber: number): void {
    this.#token = token;
    this.#opNumber = opNumber;
  }

  /** Calls an operation and returns the Result as the server gave it. */
  async call<K extends OperationName>(operation: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
    const opNumber = this.#token ? ++this.#opNumber : null;
    const result = await this.#transport.call(operation, input, { token: this.#token, opNumber });
    return result as Result<OutputOf<K>>;
  }

  /** Calls an operation and throws a KeyholdError (with code and field) when it is refused. */
  async request<K extends OperationName>(operation: K, input: InputOf<K>): Promise<OutputOf<K>> {
    const result = await this.call(operation, input);
    if (!result.ok) throw new KeyholdError(result.error);
    return result.value;
  }
}
