// PKCS#12 bundles of a client certificate and its key, sealed with a password (PBES2: PBKDF2-SHA-256 + AES-256-CBC).
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import { OpError } from '../errors.ts';
import { pemToDer } from './pem.ts';

type Pkijs = typeof import('pkijs');
let loading: Promise<Pkijs> | null = null;

/**
 * pkijs is loaded on the first PKCS#12 request, not at start: an installation without it still serves
 * everything else (PEM included) and says plainly why it cannot make a bundle.
 */
function loadPkijs(): Promise<Pkijs> {
  loading ??= import('pkijs').then(
    (pkijs) => {
      // Told once which WebCrypto to use: node's, the same OpenSSL the server already relies on.
      pkijs.setEngine(
        'node',
        new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }),
      );
      return pkijs;
    },
    () => {
      loading = null;
      throw new OpError(
        'internal',
        'PKCS#12 needs the pkijs package, which this installation lacks: ask for PEM',
      );
    },
  );
  return loading;
}

const KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
/** Far above OpenSSL's default (2,048); below OWASP's 600,000 for PBKDF2-SHA-256, so imports on slow machines stay quick. */
export const PKCS12_ITERATIONS = 210_000;
/** pkijs draws a fresh random IV for every encryption and ignores this one, which only its type asks for. */
const encryption = { name: 'AES-CBC', length: 256, iv: new Uint8Array(16) };

function passwordBytes(password: string): ArrayBuffer {
  const bytes = new TextEncoder().encode(password);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function parseDer<T>(der: ArrayBuffer, make: (schema: asn1js.AsnType) => T): T {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new Error('not DER');
  return make(parsed.result);
}

/** Key in a shrouded key bag, certificate in an encrypted safe, a SHA-256 MAC over both: what OpenSSL 3 makes. */
export async function buildPkcs12(certPem: string, keyPem: string, password: string): Promise<Uint8Array> {
  const pkijs = await loadPkijs();
  const pass = passwordBytes(password);
  const cert = parseDer(pemToDer(certPem, 'CERTIFICATE'), (schema) => new pkijs.Certificate({ schema }));
  const key = parseDer(pemToDer(keyPem, 'PRIVATE KEY'), (schema) => new pkijs.PrivateKeyInfo({ schema }));
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: key });
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        {
          privacyMode: 0,
          value: new pkijs.SafeContents({
            safeBags: [new pkijs.SafeBag({ bagId: KEY_BAG, bagValue: keyBag })],
          }),
        },
        {
          privacyMode: 1,
          value: new pkijs.SafeContents({
            safeBags: [
              new pkijs.SafeBag({ bagId: CERT_BAG, bagValue: new pkijs.CertBag({ parsedValue: cert }) }),
            ],
          }),
        },
      ],
    },
  });
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  const sealing = {
    password: pass,
    contentEncryptionAlgorithm: encryption,
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: PKCS12_ITERATIONS,
  };
  await keyBag.makeInternalValues(sealing);
  await authenticatedSafe.makeInternalValues({ safeContents: [{}, sealing] });
  await pfx.makeInternalValues({
    password: pass,
    iterations: PKCS12_ITERATIONS,
    pbkdf2HashAlgorithm: 'SHA-256',
    hmacHashAlgorithm: 'SHA-256',
  });
  return new Uint8Array(pfx.toSchema().toBER(false));
}

/**
 * Opens a bundle made by buildPkcs12: checks the MAC with the password and decrypts both bags. Returns the
 * certificate and key as DER; a wrong password throws.
 */
export async function openPkcs12(
  bundle: Uint8Array,
  password: string,
): Promise<{ certDer: Uint8Array; keyDer: Uint8Array }> {
  const pkijs = await loadPkijs();
  const pass = passwordBytes(password);
  // A Buffer may be a view into a shared pool: copy out exactly its bytes.
  const copy = new Uint8Array(bundle.byteLength);
  copy.set(bundle);
  const pfx = parseDer(copy.buffer, (schema) => new pkijs.PFX({ schema }));
  await pfx.parseInternalValues({ password: pass, checkIntegrity: true });
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('no authenticated safe');
  await safe.parseInternalValues({ safeContents: [{}, { password: pass }] });
  let certDer: Uint8Array | null = null;
  let keyDer: Uint8Array | null = null;
  for (const contents of safe.parsedValue.safeContents) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        await bag.bagValue.parseInternalValues({ password: pass });
        const info = bag.bagValue.parsedValue;
        if (info) keyDer = new Uint8Array(info.toSchema().toBER(false));
      }
      if (bag.bagValue instanceof pkijs.CertBag && bag.bagValue.parsedValue instanceof pkijs.Certificate) {
        certDer = new Uint8Array(bag.bagValue.parsedValue.toSchema().toBER(false));
      }
    }
  }
  if (!certDer || !keyDer) throw new Error('the bundle lacks a certificate or a key');
  return { certDer, keyDer };
}
