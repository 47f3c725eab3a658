// The database's generation mirrored in a small file beside it, outside what a copy of the database carries back.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import type { RowSeal } from './row-seal.ts';

const fileSchema = z.object({ generation: z.int().min(1), tag: z.string() });

/** What the file beside the database says: a tagged generation, no file, or a file that fails its tag. */
export type OutsideGeneration =
  | { kind: 'found'; generation: number }
  | { kind: 'missing' }
  | { kind: 'invalid' };

/** Beside an SQLite file; none for an in-memory database (and PostgreSQL has no file of its own). */
export function generationFilePath(databaseFile: string | null): string | null {
  if (!databaseFile || databaseFile === ':memory:') return null;
  return `${databaseFile}.generation`;
}

const tagFor = (seal: RowSeal, generation: number) => seal.tag('generation', 'database', [generation]);

export function readGenerationFile(file: string, seal: RowSeal): OutsideGeneration {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    // Unreadable (permissions, a folder in its place): no number to trust, which is reported, not fatal.
    return { kind: 'invalid' };
  }
  try {
    const parsed = fileSchema.parse(JSON.parse(text));
    // Tagged, so a copy from another server or a hand-lowered number is told apart from ours.
    if (!seal.matches('generation', 'database', [parsed.generation], parsed.tag)) return { kind: 'invalid' };
    return { kind: 'found', generation: parsed.generation };
  } catch {
    return { kind: 'invalid' };
  }
}

/** Written whole (temporary file, fsync, rename), so a crash leaves the old number or the new one. */
export function writeGenerationFile(file: string, seal: RowSeal, generation: number): void {
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ generation, tag: tagFor(seal, generation) })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
