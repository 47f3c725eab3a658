// Every refusal the contract can give reads as a sentence in the person's language naming the field:
// no validator text, no dotted paths, no "wrong user name or password" for a passphrase or a code.
import * as english from '@zxcvbn-ts/language-en';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { KeyholdError } from '../../client/index.ts';
import { type ErrorBody, operations } from '../../contract/index.ts';
import { describeInputError } from '../../contract/input-error.ts';
import { en } from '../i18n/en.ts';
import { resources } from '../i18n/i18n.ts';
import { errorText } from './error-text.ts';

let tEn: TFunction;
let tRu: TFunction;
beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
  tEn = instance.getFixedT('en');
  tRu = instance.getFixedT('ru');
});

/** What a person reads for the server's refusal of `input` to `operation`. */
function refusalOf(t: TFunction, operation: keyof typeof operations, input: unknown): string {
  const parsed = (operations[operation].input as z.ZodType).safeParse(input);
  if (parsed.success) throw new Error('the input was accepted');
  const body: ErrorBody = { code: 'bad_request', ...describeInputError(parsed.error) };
  return errorText(t, new KeyholdError(body)).headline;
}

/** Every named input field of every operation, by its last path segment. */
function fieldNames(): Set<string> {
  const names = new Set<string>();
  const walk = (schema: z.core.$ZodType, key: string | null, depth: number): void => {
    const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
    if (depth > 12) return;
    if (def.type === 'object') {
      for (const [k, v] of Object.entries(def.shape as Record<string, z.core.$ZodType>))
        walk(v, k, depth + 1);
    } else if ('innerType' in def) walk(def.innerType as z.core.$ZodType, key, depth + 1);
    else if (def.type === 'pipe') walk(def.in as z.core.$ZodType, key, depth + 1);
    else if (def.type === 'array') walk(def.element as z.core.$ZodType, key, depth + 1);
    else if (def.type === 'record') walk(def.valueType as z.core.$ZodType, key, depth + 1);
    else if (def.type === 'union') {
      for (const option of def.options as z.core.$ZodType[]) walk(option, key, depth + 1);
    } else if (key) names.add(key);
  };
  for (const spec of Object.values(operations)) walk(spec.input, null, 0);
  return names;
}

describe('error words', () => {
  it('name every input field of every contract operation, in English and Russian', () => {
    const missing = [...fieldNames()].filter((name) => !Object.hasOwn(en.field, name));
    expect(missing).toEqual([]);
    // Russian has the same keys as English (translations.test.ts); here: none left in English.
    for (const name of fieldNames()) expect(tRu(`field.${name}`)).not.toBe(tEn(`field.${name}`));
  });

  it('word a too-long value as a sentence with the field and the limit', () => {
    const name = 'x'.repeat(201);
    const words = refusalOf(tEn, 'createSecret', { id: crypto.randomUUID(), name, type: 'login' });
    expect(words).toBe('Name can be at most 200 characters long.');
    expect(refusalOf(tRu, 'createSecret', { id: crypto.randomUUID(), name, type: 'login' })).toBe(
      'Поле «Название»: не длиннее 200 символов.',
    );
  });

  it('word a nested field once, by its name, never as a dotted path or validator text', () => {
    const words = refusalOf(tEn, 'findPrincipal', { username: 'x' });
    expect(words).toBe('User name needs at least 3 characters.');
    const init = refusalOf(tEn, 'init', {
      unseal: { method: 'passphrase', passphrase: 'long enough passphrase' },
      admin: { username: 'no spaces here', displayName: 'A' },
    });
    expect(init).toBe(en.formatHint.username);
    for (const text of [words, init]) {
      expect(text).not.toMatch(/admin\.|Too big|Too small|expected|Invalid/);
    }
  });

  it('say which secret was wrong instead of "wrong user name or password"', () => {
    const wrong = (field?: string) =>
      errorText(tEn, new KeyholdError({ code: 'invalid_credentials', message: 'x', ...(field && { field }) }))
        .headline;
    expect(wrong('passphrase')).toBe(en.wrongSecret.passphrase);
    expect(wrong('share')).toBe(en.wrongSecret.share);
    expect(wrong('code')).toBe(en.wrongSecret.code);
    expect(wrong('currentAuthHash')).toBe(en.wrongSecret.currentAuthHash);
    expect(wrong()).toBe(en.errors.invalid_credentials);
  });

  it('have every zxcvbn warning and suggestion worded in both languages', () => {
    const keys = [
      ...Object.keys(english.translations.warnings).map((k) => `strength.warning.${k}`),
      ...Object.keys(english.translations.suggestions).map((k) => `strength.suggestion.${k}`),
    ];
    expect(keys.filter((k) => tEn(k) === k || tRu(k) === k)).toEqual([]);
  });
});
