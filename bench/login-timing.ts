// `npm run bench -- --only login-timing`: how long a refused sign-in takes for a wrong password, an
// unknown name, a disabled and a locked account (issue 17 §3: they must not be told apart by time), with
// a successful sign-in beside them. Medians, and ratios against the wrong password measured in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { TEST_KDF_PARAMS } from '../client/crypto/index.ts';
import { createHttpsTransport, KeyholdClient, prepareLogin, VaultSession } from '../client/index.ts';
import { startKeyholdServer } from '../server/app.ts';
import type { CallerInfo } from '../server/monitor/caller.ts';
import { percentile } from './load.ts';

const CASES = ['wrong password', 'unknown name', 'disabled account', 'locked account', 'signed in'] as const;
type Case = (typeof CASES)[number];

export interface LoginTimingResult {
  rounds: number;
  medians: Record<Case, number>;
}

export async function runLoginTimingBench(quick: boolean): Promise<LoginTimingResult> {
  const rounds = quick ? 15 : 40;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-bench-login-'));
  const server = await startKeyholdServer({
    dataDir,
    port: 0,
    logLevel: 'warn',
    logDestination: { write: () => undefined },
    unsealKdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 },
  });
  const agent = new Agent({ connect: { ca: server.caCertPem } });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  const client = () => new KeyholdClient(createHttpsTransport({ baseUrl: server.url, fetch }));
  try {
    const admin = { username: 'bench-admin', displayName: 'Bench', password: 'bench password 123' };
    await VaultSession.initialize(client(), {
      unseal: { method: 'passphrase', passphrase: 'bench unseal passphrase' },
      admin,
      kdf: TEST_KDF_PARAMS,
    });
    const vault = await VaultSession.login(client(), admin.username, admin.password, 'cli');
    const hashes: Record<string, string> = {};
    for (const name of ['wrong', 'disabled', 'locked', 'fine']) {
      const { userId, enrollmentCode } = await vault.client.request('createUser', {
        username: `bench-${name}`,
        displayName: name,
        role: 'user',
      });
      await VaultSession.enroll(
        client(),
        `bench-${name}`,
        enrollmentCode,
        `${name} password 123`,
        TEST_KDF_PARAMS,
      );
      hashes[name] = (await prepareLogin(client(), `bench-${name}`, `${name} password 123`)).authHash;
      if (name === 'disabled') await vault.client.request('disableUser', { userId });
    }
    // Rate limits and lockouts would refuse early (in microseconds) and spoil the timing of the others.
    await vault.client.request('updateSettings', {
      patch: {
        rateLimits: { login: { perAddressPerMinute: 100_000, perUserPerMinute: 100_000 } },
        lockout: { maxFailures: 1 },
      },
    });
    const caller = (address: string): CallerInfo => ({
      token: null,
      opNumber: null,
      address,
      port: 40_000,
      transport: 'https',
    });
    const login = (address: string, username: string, authHash: string) =>
      server.monitor.dispatch(caller(address), 'login', { username, authHash, clientKind: 'cli' });
    // One failure from this address locks bench-locked for it (maxFailures 1); then lockouts wait for 100.
    await login('192.0.2.99', 'bench-locked', randomBytes(32).toString('base64'));
    await vault.client.request('updateSettings', { patch: { lockout: { maxFailures: 100 } } });

    const wrong = () => randomBytes(32).toString('base64');
    const attempt: Record<Case, (i: number) => Promise<unknown>> = {
      'wrong password': (i) => login(`192.0.2.${i % 90}`, 'bench-wrong', wrong()),
      'unknown name': (i) => login(`192.0.2.${i % 90}`, `nobody-${i}`, wrong()),
      'disabled account': (i) => login(`192.0.2.${i % 90}`, 'bench-disabled', hashes.disabled ?? ''),
      'locked account': () => login('192.0.2.99', 'bench-locked', hashes.locked ?? ''),
      'signed in': (i) => login(`198.51.100.${i % 90}`, 'bench-fine', hashes.fine ?? ''),
    };
    const times = Object.fromEntries(CASES.map((c) => [c, [] as number[]])) as Record<Case, number[]>;
    // Round-robin, so drift in the machine's load falls on every case alike.
    for (let i = 0; i < rounds; i++) {
      // Each round starts at another case, so no case always runs first (or after the same one).
      for (const c of [...CASES.slice(i % CASES.length), ...CASES.slice(0, i % CASES.length)]) {
        const started = performance.now();
        await attempt[c](i);
        times[c].push(performance.now() - started);
      }
    }
    const medians = Object.fromEntries(
      CASES.map((c) => [
        c,
        percentile(
          [...times[c]].sort((a, b) => a - b),
          50,
        ),
      ]),
    ) as Record<Case, number>;
    return { rounds, medians };
  } finally {
    await agent.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printLoginTimingBench(result: LoginTimingResult): void {
  const base = result.medians['wrong password'];
  console.log(`Sign-in timing: median of ${result.rounds} per case (ratio to a wrong password)`);
  for (const c of CASES) {
    const ms = result.medians[c];
    console.log(`  ${c.padEnd(18)} ${ms.toFixed(1).padStart(7)} ms   ×${(ms / base).toFixed(2)}`);
  }
  console.log('');
}
