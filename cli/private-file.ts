// Writing a file that holds secrets (an injected template, a machine's token): created with its final mode
// from the start, never briefly readable by others, and renamed into place so that a symbolic link at the
// target is replaced rather than followed.
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './errors.ts';

/** `option` names the flag that gave the file, for the one-line error. */
export function writePrivateFile(file: string, text: string, mode: number, option: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.keyhold-tmp`);
  try {
    writeFileSync(temp, text, { mode: mode & 0o600, flag: 'wx' });
    chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'cannot write';
    throw new CliError(`${option} ${file}: cannot write it (${reason}); nothing was written`);
  }
}
