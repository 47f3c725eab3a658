// What commands print on stdout: a bare value for scripts, JSON with --json, aligned columns for people.

/** A value and nothing else; the trailing newline only on a terminal, so `$(keyhold get …)` is exact. */
export function printValue(value: string): void {
  process.stdout.write(process.stdout.isTTY ? `${value}\n` : value);
}

export function printJson(data: unknown): void {
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Columns padded to the widest cell; control characters in server-given text are shown escaped. */
export function printTable(header: string[], rows: string[][]): void {
  const clean = (cell: string) =>
    cell.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const all = [header, ...rows.map((row) => row.map(clean))];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  for (const row of all) {
    printLine(
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  }
}

/** Progress and notes for a person go to stderr, so they never mix with a command's output. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

export function joinPath(folder: string, name: string): string {
  return folder === '/' ? `/${name}` : `${folder}/${name}`;
}
