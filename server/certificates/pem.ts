// PEM and DER conversions, key import/export and serial numbers for the certificates the server makes.
import { X509Certificate as NodeX509 } from 'node:crypto';
import { crypto } from './x509.ts';

export const ecdsaP256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The body of the first PEM block with this label, as DER. */
export function pemToDer(pem: string, label = '[^-]+'): ArrayBuffer {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(pem);
  const bytes = Buffer.from((match?.[1] ?? '').replace(/\s+/g, ''), 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function derToPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const body = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${label}-----\n`;
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  return derToPem(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** The CA's signing key, as sealed in the certificates table (PKCS#8 PEM). */
export function importSigningKeyPem(pem: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pemToDer(pem, 'PRIVATE KEY'), ecdsaP256, false, ['sign']);
}

export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ecdsaP256, true, ['sign', 'verify']);
}

/** A random positive 128-bit serial number as lowercase hex, never starting with a zero digit. */
export function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return Buffer.from(bytes).toString('hex');
}

/** Serials compare as numbers: OpenSSL prints them in upper case, some tools pad them with zeros. */
export function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+(?=.)/, '');
}

/** The first certificate of a PEM bundle (the leaf of a served chain). */
export function leafPem(pem: string): string {
  return /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/.exec(pem)?.[0] ?? pem;
}

/** Every certificate of a PEM bundle, leaf first, as node parses them (throws on a malformed one). */
export function parseCertificateChain(pem: string): NodeX509[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new NodeX509(block));
}
