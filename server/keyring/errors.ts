// Errors of the at-rest layer: tampered or misplaced ciphertext, and a failed unseal.

/** A stored ciphertext failed authentication: tampered, moved to another row, or under an unknown key. */
export class IntegrityError extends Error {
  readonly code = 'integrity';
  constructor(where: string) {
    super(`stored data failed its integrity check (${where})`);
    this.name = 'IntegrityError';
  }
}

/** The passphrase or key shares did not open the root key. */
export class UnsealError extends Error {
  readonly code = 'unseal_failed';
  constructor(message: string) {
    super(message);
    this.name = 'UnsealError';
  }
}
