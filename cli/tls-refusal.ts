// Why a TLS connection to the pinned server was refused, in words that say what to do. The HTTPS transport
// reports any failed fetch as "cannot reach the server"; when the server was reached but its certificate
// was refused, that is a different story (a changed CA, a wrong host, or someone in between), told here.
import { certificateRefusal } from '../node-https/connection-failure.ts';

/** The explanation of the last refusal in this process, if the last failure was a certificate's. */
let last: string | null = null;

/** Remembers the sentence for a refused certificate (node-https/connection-failure.ts), with what to do. */
export function noteTlsRefusal(server: string, error: unknown): void {
  const refusal = certificateRefusal(server, error);
  const origin = new URL(server).origin;
  last =
    refusal?.reason === 'not-pinned-ca'
      ? `${refusal.sentence} Either its CA was replaced (ask its administrator for the new tls/ca.pem and its fingerprint, ` +
        `then run keyhold login --server ${origin} --ca NEW-CA.pem) or this is not your server: do not pin it.`
      : (refusal?.sentence ?? null);
}

/** The sentence to print instead of "cannot reach the server", or null when it was no certificate problem. */
export function tlsRefusal(): string | null {
  return last;
}
