// The export's file name and the import's target folder: what ends up on disk and in the vault.
import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../client/import/import-types.ts';
import { exportFileName } from './export-file-name.ts';
import { readTargetFolder, underFolder } from './target-folder.ts';

const record = (path: string): ImportRecord => ({
  path,
  name: 'n',
  type: 'login',
  tags: [],
  payload: { value: 'v', notes: '', fields: [] },
  source: 'entry 1',
});

describe('export file name', () => {
  it('is named after the local day, zero-padded, with the extension of its kind', () => {
    const evening = new Date(2026, 0, 5, 23, 59);
    expect(exportFileName('archive', evening)).toBe('keyhold-export-2026-01-05.keyhold');
    expect(exportFileName('json', evening)).toBe('keyhold-export-2026-01-05.json');
    expect(exportFileName('csv', new Date(2026, 10, 26, 0, 0))).toBe('keyhold-export-2026-11-26.csv');
  });
});

describe('target folder', () => {
  it('empty keeps the file’s folders; a folder without its leading slash is accepted', () => {
    expect(readTargetFolder('  ')).toEqual({ ok: true, folder: '/' });
    expect(readTargetFolder('imported/')).toEqual({ ok: true, folder: '/imported' });
    expect(readTargetFolder('/a/b')).toEqual({ ok: true, folder: '/a/b' });
  });

  it('refuses a folder the server would refuse, with the reason', () => {
    const dots = readTargetFolder('/a/../b');
    expect(dots.ok).toBe(false);
    expect(dots.ok ? '' : dots.message).toMatch(/\.\./);
    expect(readTargetFolder('/a//b').ok).toBe(false);
  });

  it('puts every record under the folder, the root records in it', () => {
    const moved = underFolder([record('/'), record('/Work/Servers')], '/imported');
    expect(moved.map((r) => r.path)).toEqual(['/imported', '/imported/Work/Servers']);
    expect(underFolder([record('/x')], '/')[0]?.path).toBe('/x');
  });
});
