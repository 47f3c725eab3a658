// Signing and checking in the SSH wire forms with Node's crypto (OpenSSL): the key types the agent serves and
// the hash each one signs with. ssh2 parses the keys; the signature bytes are laid out here as RFC 5656/8332
// and the OpenSSH Ed25519 draft describe them.
import { sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';

/** The key types the agent signs with (DSA and the SHA-1 RSA signature are refused, see pickRsaHash). */
export const servedKeyTypes = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
] as const;
export type ServedKeyType = (typeof servedKeyTypes)[number];

export const isServedKeyType = (type: string): type is ServedKeyType =>
  (servedKeyTypes as readonly string[]).includes(type);

const ecdsaHash = {
  'ecdsa-sha2-nistp256': 'sha256',
  'ecdsa-sha2-nistp384': 'sha384',
  'ecdsa-sha2-nistp521': 'sha512',
};
const ecdsaScalarBytes = { 'ecdsa-sha2-nistp256': 32, 'ecdsa-sha2-nistp384': 48, 'ecdsa-sha2-nistp521': 66 };

const sshString = (value: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return Buffer.concat([length, value]);
};

/** An SSH mpint of an unsigned big-endian number: no leading zeros, one zero byte if the top bit is set. */
function mpint(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const digits = unsigned.subarray(start);
  return sshString((digits[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), digits]) : digits);
}

function readMpint(from: Buffer, at: number): { value: Buffer; next: number } | null {
  if (at + 4 > from.length) return null;
  const length = from.readUInt32BE(at);
  if (at + 4 + length > from.length) return null;
  return { value: from.subarray(at + 4, at + 4 + length), next: at + 4 + length };
}

/** Left-pads (or trims a sign byte from) an unsigned number to the curve's scalar size. */
function fixed(value: Buffer, size: number): Buffer | null {
  let digits = value;
  while (digits.length > size && digits[0] === 0) digits = digits.subarray(1);
  if (digits.length > size) return null;
  return Buffer.concat([Buffer.alloc(size - digits.length), digits]);
}

/**
 * The hash an RSA signature request asks for. Flags 2 (rsa-sha2-256) and 4 (rsa-sha2-512) are served; flags 0
 * would mean the SHA-1 "ssh-rsa" signature, which OpenSSH itself has refused by default since 8.8 (SHA-1
 * collisions are practical), so it is refused here too: null.
 */
export function pickRsaHash(hash: string | undefined): 'sha256' | 'sha512' | null {
  return hash === 'sha256' || hash === 'sha512' ? hash : null;
}

/**
 * The signature bytes that go inside the agent's answer (after the algorithm name) for one key type:
 * Ed25519 the 64 raw bytes, RSA the PKCS#1 v1.5 signature, ECDSA mpint r then mpint s.
 */
export function signWire(
  type: ServedKeyType,
  privatePem: string,
  data: Buffer,
  rsaHash: 'sha256' | 'sha512',
): Buffer {
  switch (type) {
    case 'ssh-ed25519':
      return cryptoSign(null, data, privatePem);
    case 'ssh-rsa':
      return cryptoSign(rsaHash, data, privatePem);
    default: {
      const raw = cryptoSign(ecdsaHash[type], data, { key: privatePem, dsaEncoding: 'ieee-p1363' });
      const half = raw.length / 2;
      return Buffer.concat([mpint(raw.subarray(0, half)), mpint(raw.subarray(half))]);
    }
  }
}

/** Checks a signature in the wire form signWire makes, for a named algorithm (host keys use this). */
export function verifyWire(
  algorithm: string,
  keyType: string,
  publicPem: string,
  data: Buffer,
  signature: Buffer,
): boolean {
  try {
    if (keyType === 'ssh-ed25519') return cryptoVerify(null, data, publicPem, signature);
    if (keyType === 'ssh-rsa') {
      const hash = algorithm === 'rsa-sha2-512' ? 'sha512' : algorithm === 'rsa-sha2-256' ? 'sha256' : 'sha1';
      return cryptoVerify(hash, data, publicPem, signature);
    }
    if (keyType in ecdsaHash) {
      const curve = keyType as keyof typeof ecdsaHash;
      const r = readMpint(signature, 0);
      const s = r && readMpint(signature, r.next);
      if (!r || !s) return false;
      const rFixed = fixed(r.value, ecdsaScalarBytes[curve]);
      const sFixed = fixed(s.value, ecdsaScalarBytes[curve]);
      if (!rFixed || !sFixed) return false;
      return cryptoVerify(
        ecdsaHash[curve],
        data,
        { key: publicPem, dsaEncoding: 'ieee-p1363' },
        Buffer.concat([rFixed, sFixed]),
      );
    }
    return false;
  } catch {
    return false;
  }
}
