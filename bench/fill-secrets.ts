// Fills a server with many secrets fast: sealed rows written straight into the store in big
// transactions, then the in-memory index rebuilt as at unseal. Values are random base64 that looks like
// end-to-end ciphertext; benchmarks that fill this way never open an item.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyholdServer } from '../server/app.ts';
import { openSeal } from '../server/seal-lifecycle.ts';
import { insertSecret } from '../server/secrets/secrets-repo.ts';

export interface FillResult {
  fillSeconds: number;
  indexSeconds: number;
}

export type NameOf = (i: number) => { name: string; path: string; tags: string[] };

export const svcNames: NameOf = (i) => ({
  name: `svc-${i}`,
  path: `/team-${String(i % 100).padStart(2, '0')}/env-${i % 7}`,
  tags: i % 10 === 0 ? ['prod'] : [],
});

export async function fillSecrets(
  server: KeyholdServer,
  ownerId: string,
  n: number,
  nameOf: NameOf = svcNames,
) {
  const keyring = server.state.keyring;
  if (!keyring) throw new Error('the server is sealed');
  const value = randomBytes(180).toString('base64');
  const tFill = performance.now();
  for (let start = 0; start < n; start += 5000) {
    await server.state.store.transaction(async (trx) => {
      for (let i = start; i < Math.min(n, start + 5000); i++) {
        await insertSecret(trx, keyring, {
          id: randomUUID(),
          ownerId,
          meta: { ...nameOf(i), type: 'api_key' },
          value,
          wrappedKey: value.slice(0, 120),
          now: new Date().toISOString(),
        });
      }
    });
  }
  const fillSeconds = (performance.now() - tFill) / 1000;
  const tIndex = performance.now();
  await openSeal(server.app, keyring);
  return { fillSeconds, indexSeconds: (performance.now() - tIndex) / 1000 } satisfies FillResult;
}
