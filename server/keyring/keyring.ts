// The unsealed keyring: data-key terms in memory; writes use the newest term, reads whichever term a blob names.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import {
  type Binding,
  bindingAad,
  describeBinding,
  openTextWithKey,
  openWithKey,
  readTerm,
  sealWithKey,
} from './envelope.ts';
import { IntegrityError } from './errors.ts';

export interface TermRecord {
  term: number;
  /** The term's data key, sealed under the root key. */
  wrappedKey: Buffer;
  createdAt: string;
}

export const termAad = (term: number) => Buffer.from(`keyhold/v1|keyring|term|${term}`, 'utf8');

export class Keyring {
  #root: Buffer | null;
  #terms = new Map<number, Buffer>();
  #current = 0;
  #blindKey: Buffer | null;

  /** Opens every term with the root key; a tampered term record fails here, at unseal. */
  constructor(rootKey: Buffer, terms: TermRecord[]) {
    this.#root = Buffer.from(rootKey);
    this.#blindKey = Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), 'keyhold/v1/blind-index', 32));
    for (const record of terms) {
      this.#terms.set(
        record.term,
        openWithKey(rootKey, record.wrappedKey, termAad(record.term), `keyring term ${record.term}`),
      );
      this.#current = Math.max(this.#current, record.term);
    }
    if (this.#current === 0) throw new IntegrityError('keyring has no terms');
  }

  get currentTerm(): number {
    this.#assertOpen();
    return this.#current;
  }

  encrypt(plaintext: Buffer | string, binding: Binding): Buffer {
    const key = this.#key(this.currentTerm, binding);
    return sealWithKey(key, this.#current, plaintext, bindingAad(binding));
  }

  decrypt(blob: Buffer, binding: Binding): Buffer {
    this.#assertOpen();
    const where = describeBinding(binding);
    return openWithKey(this.#key(readTerm(blob, where), binding), blob, bindingAad(binding), where);
  }

  decryptString(blob: Buffer, binding: Binding): string {
    this.#assertOpen();
    return openTextWithKey(
      (term) => this.#key(term, binding),
      blob,
      bindingAad(binding),
      () => describeBinding(binding),
    );
  }

  /** A keyed hash for unique lookups (user names) without storing the value; stable across rotations. */
  blindIndex(purpose: string, value: string): string {
    this.#assertOpen();
    return createHmac('sha256', this.#blindKey as Buffer)
      .update(`${purpose}\u0000${value}`, 'utf8')
      .digest('hex');
  }

  /** Starts the next term; the caller persists the returned record. */
  rotate(): TermRecord {
    this.#assertOpen();
    const term = this.#current + 1;
    const key = randomBytes(32);
    const record = {
      term,
      wrappedKey: sealWithKey(this.#root as Buffer, 0, key, termAad(term)),
      createdAt: new Date().toISOString(),
    };
    this.#terms.set(term, key);
    this.#current = term;
    return record;
  }

  /** Opens the terms not held yet (another server node sharing the store rotated); newer ones become current. */
  adopt(terms: TermRecord[]): void {
    this.#assertOpen();
    for (const record of terms) {
      if (this.#terms.has(record.term)) continue;
      this.#terms.set(
        record.term,
        openWithKey(
          this.#root as Buffer,
          record.wrappedKey,
          termAad(record.term),
          `keyring term ${record.term}`,
        ),
      );
      this.#current = Math.max(this.#current, record.term);
    }
  }

  /** Zeroes every key in memory (on seal); afterwards every method refuses. */
  wipe(): void {
    for (const key of this.#terms.values()) key.fill(0);
    this.#terms.clear();
    this.#root?.fill(0);
    this.#blindKey?.fill(0);
    this.#root = null;
    this.#blindKey = null;
  }

  #key(term: number, binding: Binding): Buffer {
    const key = this.#terms.get(term);
    if (!key) throw new IntegrityError(`${describeBinding(binding)}: unknown key term ${term}`);
    return key;
  }

  #assertOpen(): void {
    if (!this.#root) throw new Error('keyring is sealed');
  }
}
