// Every string the UI shows exists in English and Russian; no key is used that does not exist.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { totpProblemText } from '../../client/totp.ts';
import {
  certificateKinds,
  certificateStatuses,
  clientKinds,
  errorStatus,
  loginResults,
  reachabilityStatuses,
  revocationReasons,
  roles,
  secretTypes,
} from '../../contract/index.ts';
import { en } from './en.ts';
import { ru } from './ru.ts';

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(name, value);
    else for (const [k, v] of flatten(value as object, name)) out.set(k, v);
  }
  return out;
}

const english = flatten(en);
const russian = flatten(ru);
const has = (key: string) => english.has(key) || english.has(`${key}_one`);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [full] : [];
  });
}

describe('translations', () => {
  it('Russian has exactly the keys of English, none empty, placeholders kept', () => {
    expect([...russian.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of russian) {
      expect(text.trim(), key).not.toBe('');
      const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(placeholders(text), key).toEqual(placeholders(english.get(key) ?? ''));
    }
  });

  it('Russian strings are translated, not copied from English', () => {
    const same = [...russian].filter(([key, text]) => text === english.get(key) && /[a-z]{4,}/i.test(text));
    expect(same).toEqual([]);
  });

  it('every literal key used by the renderer exists', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const missing: string[] = [];
    for (const file of sources(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z_.-]+)'/g)) {
        const key = match[1] as string;
        if (!has(key)) missing.push(`${path.relative(root, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keys built at run time exist for every value they can take', () => {
    const dynamic = [
      ...Object.keys(errorStatus).map((code) => `errors.${code}`),
      ...roles.map((role) => `roles.${role}`),
      ...secretTypes.map((type) => `types.${type}`),
      ...secretTypes.map((type) => `item.value.${type}`),
      ...['active', 'disabled', 'locked', 'pending'].map((s) => `users.state.${s}`),
      ...['idle', 'screen-locked', 'suspend', 'menu', 'expired', 'signed-out'].map((c) => `lock.cause.${c}`),
      ...['lower', 'upper', 'digits', 'symbols', 'avoidAmbiguous'].map((k) => `generator.${k}`),
      ...['name', 'path', 'tags'].map((k) => `item.${k}`),
      ...['read', 'write'].map((p) => `share.permission.${p}`),
      ...Object.keys(totpProblemText).map((problem) => `totp.problem.${problem}`),
      ...clientKinds.map((k) => `clients.kind.${k}`),
      ...[...loginResults, 'failed'].map((r) => `clients.result.${r}`),
      ...reachabilityStatuses.map((s) => `clients.status.${s}`),
      ...certificateStatuses.map((s) => `certificates.status.${s}`),
      ...certificateKinds.map((k) => `certificates.kind.${k}`),
      ...revocationReasons.map((r) => `certificates.reason.${r}`),
      ...['serial', 'commonName', 'kind', 'issuedAt', 'expiresAt', 'status'].map(
        (c) => `certificates.column.${c}`,
      ),
      // The admin console's section names, listed in admin-sections.ts.
      ...[
        ...readFileSync(path.resolve(import.meta.dirname, '../admin/admin-sections.ts'), 'utf8').matchAll(
          /label: '([\w.]+)'/g,
        ),
      ].map((m) => m[1] as string),
      // Settings labels are listed as data in the server settings screen.
      ...[
        ...readFileSync(
          path.resolve(import.meta.dirname, '../admin/server-settings/ServerSettingsScreen.tsx'),
          'utf8',
        ).matchAll(/'(serverSettings\.[\w.]+)'/g),
      ].map((m) => m[1] as string),
      ...[0, 1, 2, 3, 4, 5, 6].map((day) => `serverSettings.hours.day${day}`),
      ...['requireMixedCase', 'requireDigit', 'requireSymbol'].map((k) => `serverSettings.password.${k}`),
      ...['needsMixedCase', 'needsDigit', 'needsSymbol'].map((k) => `password.${k}`),
      'share.youCanRead',
      'share.youCanWrite',
    ];
    expect(dynamic.filter((key) => !has(key))).toEqual([]);
  });
});
