// The public half of an SSH-key item, found without any cryptography so that the window (which has no SSH
// library) can tell the agent what to offer: an OpenSSH private key carries its public key in clear in its
// header; otherwise the item's "public key" field is used. The agent checks the key pair before signing.

const OPENSSH_BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const OPENSSH_END = '-----END OPENSSH PRIVATE KEY-----';
const MAGIC = 'openssh-key-v1\0';

function base64ToBytes(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The first public key blob of an "openssh-key-v1" private key, or null. */
function embeddedPublicKey(privateText: string): Uint8Array | null {
  const start = privateText.indexOf(OPENSSH_BEGIN);
  const end = privateText.indexOf(OPENSSH_END);
  if (start < 0 || end < start) return null;
  const bytes = base64ToBytes(privateText.slice(start + OPENSSH_BEGIN.length, end));
  if (!bytes || bytes.length < MAGIC.length) return null;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = MAGIC.length;
  const skipString = (): boolean => {
    if (at + 4 > bytes.length) return false;
    at += 4 + view.getUint32(at);
    return at <= bytes.length;
  };
  // ciphername, kdfname, kdfoptions, then the key count and the first public key.
  if (!skipString() || !skipString() || !skipString() || at + 8 > bytes.length) return null;
  if (view.getUint32(at) < 1) return null;
  at += 4;
  const length = view.getUint32(at);
  if (at + 4 + length > bytes.length) return null;
  return bytes.subarray(at + 4, at + 4 + length);
}

/** The blob (base64) of an "ssh-ed25519 AAAA… comment" line, or null. */
function publicLineBlob(line: string): string | null {
  const parts = line.trim().split(/\s+/);
  const blob = parts[1];
  if (!parts[0]?.match(/^(ssh-|ecdsa-)/) || !blob || !base64ToBytes(blob)) return null;
  return blob;
}

/**
 * The public key blob (base64) of an SSH-key item: from its OpenSSH private key, else from a field named
 * "public key"; null when neither gives one.
 */
export function sshPublicKeyOf(value: string, fields: { name: string; value: string }[]): string | null {
  const embedded = embeddedPublicKey(value);
  if (embedded) return bytesToBase64(embedded);
  const field = fields.find((one) => one.name.trim().toLowerCase() === 'public key');
  return field ? publicLineBlob(field.value) : null;
}
