// Two real server processes (`server/main.ts`, nodes a and b) on one fresh PostgreSQL database: what one
// node writes the other reads, a session travels between them, and when node A is killed with SIGKILL in
// the middle of writes, node B keeps serving and no write either node acknowledged is lost.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VaultSession } from '../../client/index.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { ADMIN, initAndLoginAdmin, UNSEAL_PASSPHRASE } from '../support/test-server.ts';

/** Acknowledged writes through the surviving node after the kill, per writer. */
const WRITES_AFTER_KILL = 15;
/** Acknowledged writes through node A, all writers together, before it is killed. */
const WRITES_BEFORE_KILL = 30;

interface Ack {
  id: string;
  version: number;
  value: string;
  node: 'a' | 'b';
  afterKill: boolean;
}

interface Writer {
  label: string;
  node: 'a' | 'b';
  acks: Ack[];
  /** The write on the wire when the writer stopped: it may or may not have happened. */
  inFlight: { name: string; id: string | null; version: number; value: string } | null;
  error: unknown;
  errorAfterKill: boolean;
}

describePostgres('two server processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let adminOnB: VaultSession;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startServerProcess({ databaseUrl: database.url, nodeName: 'a' });
    await initAndLoginAdmin(a);
    // One CA and server certificate for both: node A made them at its first start.
    b = await startServerProcess({ databaseUrl: database.url, nodeName: 'b', tlsFrom: a.dataDir });
    const sealed = await b.client().request('status', {});
    expect(sealed).toMatchObject({ initialized: true, sealed: true });
    const unsealed = await b.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    expect(unsealed).toMatchObject({ initialized: true, sealed: false });
    adminOnB = await VaultSession.login(b.client(), ADMIN.username, ADMIN.password, 'cli');
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('a secret written through A is read through B at once', async () => {
    const onA = await VaultSession.login(a.client(), ADMIN.username, ADMIN.password, 'cli');
    const { id } = await onA.createSecret({
      name: 'from a',
      type: 'api_key',
      payload: { value: 'written on a' },
    });
    expect((await adminOnB.readSecret(id)).payload.value).toBe('written on a');
    await onA.updateSecret(id, 1, { payload: { value: 'changed on a' } });
    const read = await adminOnB.readSecret(id);
    expect(read).toMatchObject({ valueVersion: 2, payload: { value: 'changed on a' } });
  });

  it('a session opened on A works on B, and back on A', async () => {
    const onA = await VaultSession.login(a.client(), ADMIN.username, ADMIN.password, 'cli');
    const { id } = await onA.createSecret({ name: 'carried', type: 'api_key', payload: { value: 'v1' } });
    // The same token and operation count, through a client pointed at B.
    const onB = VaultSession.resume(b.client(), onA.saveState());
    expect((await onB.readSecret(id)).payload.value).toBe('v1');
    await onB.updateSecret(id, 1, { payload: { value: 'v2 through b' } });
    const back = VaultSession.resume(a.client(), onB.saveState());
    expect((await back.readSecret(id)).payload.value).toBe('v2 through b');
    expect(back.sessionId).toBe(onA.sessionId);
  });

  it('SIGKILL of A in the middle of writes: B keeps serving, no acknowledged write is lost, the audit chain verifies', async () => {
    const writers: Writer[] = [];
    const sessions: VaultSession[] = [];
    for (const [label, node] of [
      ['a1', a],
      ['a2', a],
      ['b1', b],
      ['b2', b],
    ] as const) {
      sessions.push(await VaultSession.login(node.client(), ADMIN.username, ADMIN.password, 'cli'));
      writers.push({
        label,
        node: label.startsWith('a') ? 'a' : 'b',
        acks: [],
        inFlight: null,
        error: null,
        errorAfterKill: false,
      });
    }
    /** The signal is sent / the process is gone. */
    let killSent = false;
    let killed = false;
    const ackedOn = (node: 'a' | 'b', afterKill: boolean) =>
      writers
        .filter((w) => w.node === node)
        .flatMap((w) => w.acks)
        .filter((ack) => ack.afterKill === afterKill).length;

    // Each round creates a secret (version 1) and updates it once (version 2), so that every acknowledged
    // version stays in the history (versionsToKeep is 10) and can be read back exactly.
    const write = async (w: Writer, session: VaultSession) => {
      for (let round = 0; ; round++) {
        if (w.node === 'b' && killed && w.acks.filter((x) => x.afterKill).length >= WRITES_AFTER_KILL) return;
        const name = `${w.label}-${round}`;
        try {
          w.inFlight = { name, id: null, version: 1, value: `${name} v1` };
          const { id } = await session.createSecret({
            name,
            type: 'api_key',
            payload: { value: `${name} v1` },
          });
          w.acks.push({ id, version: 1, value: `${name} v1`, node: w.node, afterKill: killed });
          w.inFlight = { name, id, version: 2, value: `${name} v2` };
          await session.updateSecret(id, 1, { payload: { value: `${name} v2` } });
          w.acks.push({ id, version: 2, value: `${name} v2`, node: w.node, afterKill: killed });
          w.inFlight = null;
        } catch (error) {
          w.error = error;
          w.errorAfterKill = killSent;
          return;
        }
      }
    };
    const running = writers.map((w, i) => write(w, sessions[i] as VaultSession));

    // Kill A once both nodes have acknowledged writes, while its writers are still writing.
    const deadline = Date.now() + 20_000;
    while (ackedOn('a', false) < WRITES_BEFORE_KILL || ackedOn('b', false) < WRITES_BEFORE_KILL) {
      if (Date.now() > deadline)
        throw new Error(`too few writes before the kill:\n${a.output()}${b.output()}`);
      if (writers.some((w) => w.error)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const inFlightOnA = writers.filter((w) => w.node === 'a' && w.inFlight).length;
    killSent = true;
    await a.kill('SIGKILL');
    killed = true;
    await Promise.all(running);

    const aWriters = writers.filter((w) => w.node === 'a');
    const bWriters = writers.filter((w) => w.node === 'b');
    // A's writers stopped on the kill, not before; B's never failed and carried on writing.
    for (const w of aWriters) {
      expect(w.errorAfterKill, `${w.label} failed before the kill: ${String(w.error)}`).toBe(true);
      expect(String(w.error)).toMatch(/cannot reach the server|unexpected answer from the server/);
    }
    for (const w of bWriters) {
      expect(w.error, `${w.label} failed: ${String(w.error)}\n${b.output()}`).toBeNull();
      expect(w.acks.filter((x) => x.afterKill).length).toBeGreaterThanOrEqual(WRITES_AFTER_KILL);
    }
    expect(inFlightOnA).toBeGreaterThan(0);
    expect(ackedOn('a', false)).toBeGreaterThanOrEqual(WRITES_BEFORE_KILL);

    // Every acknowledged version, through B, with its value.
    const acks = writers.flatMap((w) => w.acks);
    for (let i = 0; i < acks.length; i += 8) {
      await Promise.all(
        acks.slice(i, i + 8).map(async (ack) => {
          const read = await adminOnB.readSecret(ack.id, ack.version);
          expect(read.payload.value, `${ack.value} (acknowledged by ${ack.node})`).toBe(ack.value);
        }),
      );
    }
    // Each secret stands at its last acknowledged version, or at the one in flight when A died: all or nothing.
    const latest = new Map<string, Ack>();
    for (const ack of acks) latest.set(ack.id, ack);
    for (const ack of latest.values()) {
      const read = await adminOnB.readSecret(ack.id);
      const pending = aWriters.find((w) => w.inFlight?.id === ack.id)?.inFlight;
      if (read.valueVersion === ack.version) expect(read.payload.value).toBe(ack.value);
      else
        expect({ version: read.valueVersion, value: read.payload.value }).toEqual({
          version: pending?.version,
          value: pending?.value,
        });
    }
    for (const w of aWriters) {
      if (!w.inFlight || w.inFlight.id !== null) continue;
      // A create on the wire when A died: absent, or whole.
      const found = await adminOnB.client.request('searchSecrets', { query: w.inFlight.name, limit: 10 });
      for (const s of found.items.filter((x) => x.name === w.inFlight?.name)) {
        expect((await adminOnB.readSecret(s.id)).payload.value).toBe(w.inFlight.value);
      }
    }

    // One audit hash chain, written by both nodes concurrently, verified through B.
    const verdict = await adminOnB.client.request('verifyAudit', {});
    expect(verdict).toMatchObject({ valid: true, brokenAt: null, reason: null });
    expect(verdict.checked).toBeGreaterThan(acks.length);
  }, 45_000);
});
