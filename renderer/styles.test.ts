// The CSS scoping rule (issue 15): one screen's class cannot hit another's. Every stylesheet of the
// renderer is parsed; the rule is written down in README ("Styles") and enforced here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postcss, { type Rule } from 'postcss';
import { describe, expect, it } from 'vitest';

const RENDERER = path.dirname(fileURLToPath(import.meta.url));
const MAIN = 'styles.css';
/**
 * Sheets of other documents, never loaded beside the app's: the one-time link's public page (share.html) is
 * a page of its own with its own bundle, so its classes cannot hit a screen of the app, nor the app's it.
 */
const OTHER_DOCUMENTS = new Set(['links/public-page/share-page.css']);

interface Sheet {
  file: string;
  css: string;
}

function sheets(): Sheet[] {
  return readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.css') && !f.split(path.sep).includes('node_modules'))
    .map((file) => ({
      file: file.split(path.sep).join('/'),
      css: readFileSync(path.join(RENDERER, file), 'utf8'),
    }))
    .filter((sheet) => !OTHER_DOCUMENTS.has(sheet.file));
}

/** Drops what sits inside (...) and [...]: classes named in :has()/:not() or attribute values do not define. */
function flatten(selector: string): string {
  let depth = 0;
  let out = '';
  for (const ch of selector) {
    if (ch === '(' || ch === '[') depth++;
    if (depth === 0) out += ch;
    if (ch === ')' || ch === ']') depth--;
  }
  return out;
}

/** The first compound selector (up to the first combinator), flattened. */
function firstCompound(selector: string): string {
  return flatten(selector.trim()).split(/\s*[\s>+~]\s*/)[0] ?? '';
}

function classesOf(compound: string): string[] {
  return [...compound.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1] as string);
}

/**
 * A bare class definition: one class, no element, no combinator, perhaps a state (`.row`, `.row:hover`,
 * `.row[aria-selected="true"]`). Returns the selector as written (spaces dropped), so each state counts once.
 */
function bareClass(selector: string): string | null {
  const flat = flatten(selector.trim());
  return /^\.-?[_a-zA-Z][\w-]*(:{1,2}[\w-]+)*$/.test(flat) ? selector.replace(/\s+/g, '') : null;
}

function rulesOf(sheet: Sheet): Rule[] {
  const rules: Rule[] = [];
  postcss.parse(sheet.css, { from: sheet.file }).walkRules((rule) => {
    // Keyframe steps (from, to, 50%) are not selectors.
    if (rule.parent?.type === 'atrule' && /keyframes$/.test((rule.parent as { name: string }).name)) return;
    rules.push(rule);
  });
  return rules;
}

/** The rule's problems: one message per offending selector. */
function cssRuleProblems(all: Sheet[]): string[] {
  const problems: string[] = [];
  const defined = new Map<string, string>();
  for (const sheet of all) {
    const prefix = path.basename(sheet.file, '.css');
    for (const rule of rulesOf(sheet)) {
      const where = `${sheet.file}:${rule.source?.start?.line ?? '?'}`;
      for (const selector of rule.selectors) {
        const bare = bareClass(selector);
        if (bare) {
          const before = defined.get(bare);
          if (before) problems.push(`${where}: ${bare} is already defined at ${before}; scope it or rename`);
          else defined.set(bare, where);
        }
        if (sheet.file === MAIN) continue;
        const first = classesOf(firstCompound(selector))[0];
        if (!first || !(first === prefix || first.startsWith(`${prefix}-`))) {
          problems.push(`${where}: "${selector}" must start with a class named .${prefix} or .${prefix}-…`);
        }
      }
    }
  }
  return problems;
}

describe('renderer stylesheets', () => {
  it('define each class once and keep every component file under its own prefix', () => {
    const found = sheets();
    expect(found.map((s) => s.file)).toContain(MAIN);
    expect(cssRuleProblems(found)).toEqual([]);
  });

  it('would refuse the list row that once broke the secret form, and an unprefixed class in a component file', () => {
    const problems = cssRuleProblems([
      {
        file: MAIN,
        css: '.row { display: flex; }\n.secret-list { contain: strict; }\n.row { position: absolute; }',
      },
      {
        file: 'vault/strength-meter.css',
        css: '.strength-meter .hint { color: red; }\n.meter { width: 1px; }',
      },
      {
        file: 'vault/other-thing.css',
        css: 'button { color: red; }\n.other-thing-bar:hover { color: red; }',
      },
    ]);
    expect(problems).toEqual([
      'styles.css:3: .row is already defined at styles.css:1; scope it or rename',
      'vault/strength-meter.css:2: ".meter" must start with a class named .strength-meter or .strength-meter-…',
      'vault/other-thing.css:1: "button" must start with a class named .other-thing or .other-thing-…',
    ]);
  });
});
