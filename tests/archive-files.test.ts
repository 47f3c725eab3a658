// An export archive's files put back by the import against a real server: each on the item its record became,
// a file the server refuses (past a limit) named by its record while the next file still arrives whole.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_KDF_PARAMS } from '../client/crypto/kdf.ts';
import { linesOfText } from '../client/export/archive-lines.ts';
import { collectFiles } from '../client/export/collect-files.ts';
import { collectVault } from '../client/export/collect-vault.ts';
import { readArchive, writeArchive } from '../client/export/format-archive.ts';
import { restoreArchiveFiles } from '../client/export/restore-archive-files.ts';
import { type ImportPlanRow, planImport, runImport } from '../client/import/importer.ts';
import type { VaultSession } from '../client/vault-session.ts';
import { initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

vi.setConfig({ testTimeout: 120_000 });

const MiB = 1024 * 1024;
const PASSWORD = 'archive files password';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function download(session: VaultSession, secretId: string, attachmentId: string) {
  const parts: Uint8Array[] = [];
  for await (const part of session.attachments.download(secretId, attachmentId)) parts.push(part);
  return Buffer.concat(parts);
}

describe('export archive files, imported', () => {
  it('puts each file back on its item, names a refused one, and brings the next one whole', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const big = randomBytes(2 * MiB + 99);
    const small = randomBytes(5000);
    const later = randomBytes(3000);
    const prod = await admin.createSecret({
      name: 'prod',
      path: '/k8s',
      type: 'note',
      payload: { value: 'p' },
    });
    const dev = await admin.createSecret({
      name: 'dev',
      path: '/k8s',
      type: 'note',
      payload: { value: 'd' },
    });
    await admin.attachments.upload(prod.id, { name: 'big.bin', size: big.length, bytes: once(big) });
    await admin.attachments.upload(prod.id, { name: 'small.txt', size: small.length, bytes: once(small) });
    await admin.attachments.upload(dev.id, { name: 'later.txt', size: later.length, bytes: once(later) });

    const ids: string[] = [];
    const fileCounts: number[] = [];
    const records = await collectVault(admin, { history: true, ids, fileCounts });
    // The batch reads say which items carry files, and how many: only those are listed.
    expect(records.map((r, i) => [r.name, fileCounts[i]])).toEqual(
      expect.arrayContaining([
        ['prod', 2],
        ['dev', 1],
      ]),
    );
    const files = await collectFiles(admin, records, ids, fileCounts);
    expect(files.map((f) => [records[f.record]?.name, f.name, f.size])).toEqual(
      expect.arrayContaining([
        ['prod', 'big.bin', big.length],
        ['prod', 'small.txt', small.length],
        ['dev', 'later.txt', later.length],
      ]),
    );
    const lines: string[] = [];
    await writeArchive(records, files, PASSWORD, (line) => void lines.push(line), { kdf: TEST_KDF_PARAMS });

    // Imported as copies beside the originals; the big file is now past the server's per-file limit.
    await admin.client.request('updateSettings', { patch: { attachments: { maxFileMiB: 1 } } });
    const archive = await readArchive(linesOfText(lines.join('')), PASSWORD);
    const plan = await planImport(admin, archive.records, 'keep-both');
    expect(plan.counts.create).toBe(2);
    const secretIds = new Map<ImportPlanRow, string>();
    await runImport(admin, plan, undefined, { secretIds });
    const phases = new Set<string>();
    const outcome = await restoreArchiveFiles(admin, archive, plan.rows, secretIds, (p) =>
      phases.add(p.phase),
    );
    expect(outcome.attached).toBe(2);
    expect(outcome.failed).toEqual([
      expect.objectContaining({ where: expect.stringMatching(/^record \d$/), code: 'payload_too_large' }),
    ]);
    expect([...phases]).toEqual(['files']);

    const copyOf = (name: string) => {
      const row = plan.rows.find((r) => r.record.name === name);
      return row ? (secretIds.get(row) ?? '') : '';
    };
    const prodFiles = await admin.attachments.list(copyOf('prod'));
    expect(prodFiles.map((f) => f.name)).toEqual(['small.txt']);
    expect((await download(admin, copyOf('prod'), prodFiles[0]?.attachmentId ?? '')).equals(small)).toBe(
      true,
    );
    const devFiles = await admin.attachments.list(copyOf('dev'));
    expect(devFiles.map((f) => f.name)).toEqual(['later.txt']);
    expect((await download(admin, copyOf('dev'), devFiles[0]?.attachmentId ?? '')).equals(later)).toBe(true);
  });
});
