// `--database FILE`: SQLite in a file of the operator's choosing instead of the data folder's keyhold.db,
// through the real `npm run serve` entry point.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../server/app.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { initAndLoginAdmin } from './support/test-server.ts';

describe('a SQLite file given with --database', () => {
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'keyhold-sqlite-path-'));
  const file = path.join(elsewhere, 'vault.sqlite');
  let node: ServerProcess | null = null;
  afterAll(async () => {
    await node?.stop();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('holds the data there, and nothing is stored in the data folder', async () => {
    node = await startServerProcess({ args: ['--database', file] });
    const admin = await initAndLoginAdmin(node);
    const { id } = await admin.createSecret({ name: 'where', type: 'login', payload: { value: 'there' } });
    expect((await admin.readSecret(id)).payload.value).toBe('there');
    expect(existsSync(file)).toBe(true);
    expect(existsSync(path.join(node.dataDir, DATABASE_FILE))).toBe(false);
    // The TLS files still live in the data folder.
    expect(existsSync(path.join(node.dataDir, 'tls', 'ca.pem'))).toBe(true);
    expect(node.output()).toContain(`storage: SQLite ${file}`);
  });
});
