// The one error the end-to-end crypto throws: a code to act on, and a message without any key or plaintext.
export class CryptoError extends Error {
  readonly code: 'integrity' | 'malformed' | 'bad_key';

  constructor(code: 'integrity' | 'malformed' | 'bad_key', message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}
