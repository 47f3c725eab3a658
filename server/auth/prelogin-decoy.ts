// What pre-login answers for a name that has no credentials: a salt and KDF parameters an outsider cannot
// tell from a real user's, stable per name, derived under a server secret (as Bitwarden does).
import { createHmac } from 'node:crypto';
import type { KdfParamsInput } from '../../contract/index.ts';

/** How many enrolled principals use each set of KDF parameters. */
export interface KdfShare {
  kdf: KdfParamsInput;
  count: number;
}

const canonical = (kdf: KdfParamsInput) =>
  `${kdf.algorithm}/${kdf.memoryKiB}/${kdf.iterations}/${kdf.parallelism}`;

/** 16 bytes, as a real salt (client/crypto randomSalt), from the name under the server's decoy key. */
export function decoySalt(key: Buffer, name: string): string {
  return createHmac('sha256', key).update(`salt/${name}`).digest().subarray(0, 16).toString('base64');
}

/** A number in (0, 1) from the name and one parameter set, under the decoy key. */
function unit(key: Buffer, name: string, kdf: KdfParamsInput): number {
  const digest = createHmac('sha256', key)
    .update(`kdf/${name}/${canonical(kdf)}`)
    .digest();
  // 48 bits are plenty and stay an exact integer in a double.
  return (digest.readUIntBE(0, 6) + 1) / (2 ** 48 + 1);
}

/**
 * Parameters for an unknown name, drawn from the parameters real principals use, in proportion to how
 * many use each: after a KDF setting change, the existing users (old parameters) and unknown names look
 * alike, because most unknown names get the old parameters too, and the share of new ones grows as people
 * re-enroll. Weighted rendezvous hashing keeps each name's answer stable while the shares move: a name
 * changes its parameters only when the set it is drawn to gains or loses weight against another one
 * (much as a real user's change when they change their password). With no enrolled principal yet, the
 * current setting.
 */
export function decoyKdf(
  key: Buffer,
  name: string,
  shares: readonly KdfShare[],
  fallback: KdfParamsInput,
): KdfParamsInput {
  let best: KdfParamsInput = fallback;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const { kdf, count } of shares) {
    if (count <= 0) continue;
    // Exponential race: the smallest -ln(u)/w wins with probability w / Σw.
    const score = -Math.log(unit(key, name, kdf)) / count;
    if (score < bestScore) {
      bestScore = score;
      best = kdf;
    }
  }
  return best;
}

/** Counts the parameter sets in use. */
export function kdfShares(used: readonly KdfParamsInput[]): KdfShare[] {
  const byKey = new Map<string, KdfShare>();
  for (const kdf of used) {
    const entry = byKey.get(canonical(kdf));
    if (entry) entry.count += 1;
    else byKey.set(canonical(kdf), { kdf, count: 1 });
  }
  return [...byKey.values()].sort((a, b) => canonical(a.kdf).localeCompare(canonical(b.kdf)));
}
