// keyhold completion: scripts generated from the command definitions. The bash one is loaded into a real
// bash and asked what it completes, as bash would ask it; every command keyhold has is offered.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../cli/main.ts';
import { runKeyhold } from './cli-harness.ts';

vi.setConfig({ testTimeout: 120_000 });

const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the bash script offers for a command line typed up to the cursor (the last word is completed). */
function bashComplete(script: string, line: string[]): string[] {
  const file = path.join(dir, 'keyhold.bash');
  writeFileSync(file, script);
  const words = line.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '--norc',
      '-c',
      `source ${file}; COMP_WORDS=(keyhold ${words}); COMP_CWORD=${line.length}; _keyhold; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean).sort();
}

describe('keyhold completion', () => {
  it('offers every command, subcommands after their parent, and options after a dash, in real bash', async () => {
    const result = await runKeyhold(['completion', 'bash']);
    expect(result.code).toBe(0);
    const commands = buildProgram()
      .commands.map((c) => c.name())
      .sort();
    expect(commands).toEqual(
      expect.arrayContaining(['read', 'inject', 'init', 'unseal', 'machine', 'completion']),
    );
    expect(bashComplete(result.stdout, [''])).toEqual(commands);
    expect(bashComplete(result.stdout, ['ma'])).toEqual(['machine']);
    expect(bashComplete(result.stdout, ['machine', ''])).toEqual(['create', 'list', 'revoke']);
    expect(bashComplete(result.stdout, ['machine', 'create', '--'])).toEqual([
      '--display-name',
      '--force',
      '--help',
      '--out',
    ]);
    expect(bashComplete(result.stdout, ['run', '--m'])).toEqual(['--mask']);
    // After an option that takes a value, bash's default (file names) completes instead.
    expect(bashComplete(result.stdout, ['run', '--env-file', ''])).toEqual([]);
  });

  it('prints zsh and fish scripts naming every command, and refuses another shell with exit code 2', async () => {
    const commands = buildProgram().commands.map((c) => c.name());
    const zsh = await runKeyhold(['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef keyhold\n')).toBe(true);
    const fish = await runKeyhold(['completion', 'fish']);
    for (const name of commands) {
      expect(zsh.stdout).toContain(`'${name}:`);
      expect(fish.stdout).toContain(`-a ${name} -d`);
    }
    expect(fish.stdout).toContain(
      "complete -c keyhold -n '__fish_seen_subcommand_from machine; and __fish_seen_subcommand_from create' -l out -r",
    );
    expect(await runKeyhold(['completion', 'powershell'])).toMatchObject({
      code: 2,
      stderr: 'keyhold: SHELL "powershell": must be one of bash, zsh, fish\n',
    });
  });
});
