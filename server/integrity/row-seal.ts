// Keyed tags over the columns that decide who may do what, so a writer of the database file cannot grant itself
// anything: a row edited, forged or moved to another id no longer matches its tag.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { IntegrityError, type Keyring } from '../keyring/index.ts';

/** The tables whose rows carry a tag (settings rows are sealed whole, bound to their key, already). */
export type SealedTable =
  | 'users'
  | 'sessions'
  | 'secrets'
  | 'shares'
  | 'contacts'
  | 'certificates'
  | 'share_links';

/** What a tag may name: a sealed table, or the generation counter kept beside the database. */
type Tagged = SealedTable | 'generation';

/** A column value as it is stored; numbers and text only, so the encoding below is canonical. */
export type TagValue = string | number | null;

/** Told once per row that fails its check: the server logs and audits it (see open-integrity.ts). */
export type TamperReporter = (table: SealedTable, id: string) => void;

const FORMAT = 'keyhold/row-seal/v1';

/**
 * The tag key is the keyring's blind-index PRF applied to a fixed label: it needs the root key (so the
 * unseal secret), is stable across key rotations (tags are not rewritten when the keyring rotates), and is
 * separate from every name index (another label).
 */
function tagKey(keyring: Keyring): Buffer {
  return Buffer.from(keyring.blindIndex('row-seal-key', FORMAT), 'hex');
}

export class RowSeal {
  readonly #keyring: Keyring;
  readonly #key: Buffer;
  #reporter: TamperReporter | null = null;

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
    this.#key = tagKey(keyring);
  }

  /** Where tampered rows are reported from now on (set when the server opens with this keyring). */
  reportTo(reporter: TamperReporter): void {
    this.#reporter = reporter;
  }

  /** False once the keyring is wiped (the server sealed again). */
  get open(): boolean {
    try {
      void this.#keyring.currentTerm;
      return true;
    } catch {
      return false;
    }
  }

  /** The tag of a row: its table, its id and the listed column values, in a fixed order. */
  tag(table: Tagged, id: string, values: readonly TagValue[]): string {
    // Refuses once the keyring is wiped (sealed), as every other use of its keys does.
    void this.#keyring.currentTerm;
    // A JSON array of strings, numbers and nulls has exactly one encoding: no two rows share an input.
    return createHmac('sha256', this.#key)
      .update(JSON.stringify([FORMAT, table, id, ...values]), 'utf8')
      .digest('hex');
  }

  /** True when the stored tag matches; a missing tag (null) never does. */
  matches(table: Tagged, id: string, values: readonly TagValue[], stored: string | null): boolean {
    if (stored === null || !/^[0-9a-f]{64}$/.test(stored)) return false;
    return timingSafeEqual(Buffer.from(this.tag(table, id, values), 'hex'), Buffer.from(stored, 'hex'));
  }

  /** Whether the row is intact; a tampered one is reported (logged and audited) before false is returned. */
  intact(table: SealedTable, id: string, values: readonly TagValue[], stored: string | null): boolean {
    if (this.matches(table, id, values, stored)) return true;
    this.#reporter?.(table, id);
    return false;
  }

  /** Throws IntegrityError (answered as integrity_error, and audited) for a tampered row. */
  check(table: SealedTable, id: string, values: readonly TagValue[], stored: string | null): void {
    if (!this.intact(table, id, values, stored)) {
      throw new IntegrityError(`table ${table}: a row's access columns do not match their seal`);
    }
  }
}

const seals = new WeakMap<Keyring, RowSeal>();

/** The row seal of an opened keyring (one per keyring, so its reporter is shared by every use). */
export function rowSealOf(keyring: Keyring): RowSeal {
  let seal = seals.get(keyring);
  if (!seal) {
    seal = new RowSeal(keyring);
    seals.set(keyring, seal);
  }
  return seal;
}
