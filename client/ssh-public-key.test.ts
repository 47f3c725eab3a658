// The window finds an SSH-key item's public key as ssh-keygen wrote it: from an OpenSSH private key's header,
// or from the item's "public key" field when the private key is PEM.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sshPublicKeyOf } from './ssh-public-key.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-ssh-public-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keygen(name: string, args: string[]) {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-f', file, ...args]);
  return { privateKey: readFileSync(file, 'utf8'), publicLine: readFileSync(`${file}.pub`, 'utf8').trim() };
}

describe('the public key of an SSH-key item', () => {
  for (const [name, args] of [
    ['ed25519', ['-t', 'ed25519']],
    ['ecdsa', ['-t', 'ecdsa', '-b', '521']],
    ['rsa', ['-t', 'rsa', '-b', '2048']],
  ] as const) {
    it(`is read from an OpenSSH ${name} private key without any field`, () => {
      const key = keygen(name, [...args]);
      expect(sshPublicKeyOf(key.privateKey, [])).toBe(key.publicLine.split(' ')[1]);
    });
  }

  it('comes from the "public key" field for a PEM private key, and is null without one', () => {
    const key = keygen('pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']);
    expect(sshPublicKeyOf(key.privateKey, [])).toBeNull();
    expect(sshPublicKeyOf(key.privateKey, [{ name: 'public key', value: key.publicLine }])).toBe(
      key.publicLine.split(' ')[1],
    );
    expect(sshPublicKeyOf('not a key', [{ name: 'public key', value: 'hello' }])).toBeNull();
  });
});
