// The live TLS state: the served server certificate (swappable without a restart), revoked serials, the CRL.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { revocationReasons } from '../../contract/ops-certificates.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../storage/database.ts';
import { openCertificateAuthority, recordServerCertificate, revokedRows } from './certificates-repo.ts';
import { buildCrl, withOpenSslLabel } from './crl.ts';
import { leafPem, normalizeSerial } from './pem.ts';

export interface ServerCertificatePair {
  cert: string;
  key: string;
}

/** A CRL is remade once it is this old (when the server is unsealed and can sign), well within its lifetime. */
const CRL_REFRESH_MS = 86_400_000;

function writeAtomically(file: string, content: string, mode: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode });
  renameSync(temp, file);
}

const reasonSchema = z.enum(revocationReasons).catch('unspecified');

export class TlsRuntime {
  readonly caCertPem: string;
  readonly #dir: string;
  #server: ServerCertificatePair;
  #installed = false;
  #revoked = new Set<string>();
  #crl: { pem: string; builtAt: number } | null = null;
  readonly #listeners: ((pair: ServerCertificatePair) => void)[] = [];

  constructor(options: { dataDir: string; caCertPem: string; server: ServerCertificatePair }) {
    this.caCertPem = options.caCertPem;
    this.#dir = path.join(options.dataDir, 'tls');
    this.#server = options.server;
    const crlFile = path.join(this.#dir, 'crl.pem');
    // The last CRL made is served after a restart even while sealed: it is public, signed, and dated.
    if (existsSync(crlFile)) this.#crl = { pem: withOpenSslLabel(readFileSync(crlFile, 'utf8')), builtAt: 0 };
  }

  /** The server certificate (leaf first) and key: the one made or loaded at start, or the last one installed. */
  get serverCertificate(): ServerCertificatePair {
    return this.#server;
  }

  /**
   * The pair installed since start by a renewal or replacement, or null: until then the listener serves
   * what it was started with (app.ts decides that chain), and a listener started later must not go back.
   */
  get installedCertificate(): ServerCertificatePair | null {
    return this.#installed ? this.#server : null;
  }

  /** The HTTPS listener subscribes, to swap its secure context when the certificate changes. */
  onServerCertificate(listener: (pair: ServerCertificatePair) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const at = this.#listeners.indexOf(listener);
      if (at >= 0) this.#listeners.splice(at, 1);
    };
  }

  /** Writes the files a restart loads, then has every listener serve the new pair. */
  installServerCertificate(pair: ServerCertificatePair): void {
    writeAtomically(path.join(this.#dir, 'server-key.pem'), pair.key, 0o600);
    writeAtomically(path.join(this.#dir, 'server.pem'), pair.cert, 0o644);
    this.#server = pair;
    this.#installed = true;
    for (const listener of this.#listeners) listener(pair);
  }

  /**
   * Revoked serials are not secret: loaded at start, so a revoked certificate is refused even while sealed.
   * With the keyring (unsealed), each row's tag is checked too (see revokedRows).
   */
  async loadRevoked(store: Store, keyring: Keyring | null): Promise<void> {
    // Swapped in whole once read: a request checked meanwhile meets the old list, never an empty one.
    const rows = await revokedRows(store.db, keyring);
    this.#revoked = new Set(rows.map((row) => normalizeSerial(row.serial)));
  }

  isRevoked(serial: string): boolean {
    return this.#revoked.has(normalizeSerial(serial));
  }

  markRevoked(serial: string): void {
    this.#revoked.add(normalizeSerial(serial));
  }

  get crlPem(): string | null {
    return this.#crl?.pem ?? null;
  }

  /** Signs a fresh CRL with the CA key (unsealed only) and keeps it in memory and on disk. */
  async rebuildCrl(store: Store, keyring: Keyring, now: Date): Promise<string> {
    const ca = await openCertificateAuthority(store.db, keyring);
    const rows = await revokedRows(store.db, keyring);
    const pem = await buildCrl(
      ca,
      rows.map((row) => ({
        serial: row.serial,
        revokedAt: row.revoked_at ?? now.toISOString(),
        reason: reasonSchema.parse(row.revoke_reason),
      })),
      now,
    );
    writeAtomically(path.join(this.#dir, 'crl.pem'), pem, 0o644);
    this.#crl = { pem, builtAt: now.getTime() };
    return pem;
  }

  /** The CRL to serve, remade first when it is a day old and the server can sign. */
  async currentCrl(store: Store, keyring: Keyring | null, now: Date, log: Logger): Promise<string | null> {
    if (keyring && (!this.#crl || now.getTime() - this.#crl.builtAt > CRL_REFRESH_MS)) {
      try {
        return await this.rebuildCrl(store, keyring, now);
      } catch (error) {
        log.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'CRL rebuild failed',
        );
      }
    }
    return this.crlPem;
  }

  /**
   * At unseal: the server certificate made at first start is recorded in the certificates table (once),
   * and a fresh CRL is signed. A failure here is logged; it must not keep the server sealed.
   */
  async afterUnseal(store: Store, keyring: Keyring, now: Date, log: Logger): Promise<void> {
    try {
      await store.transaction((trx) =>
        recordServerCertificate(trx, keyring, leafPem(this.#server.cert), now.toISOString()),
      );
      await this.loadRevoked(store, keyring);
      await this.rebuildCrl(store, keyring, now);
    } catch (error) {
      log.error(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        'certificate bookkeeping at unseal failed',
      );
    }
  }
}
