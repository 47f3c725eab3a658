// Looks at a screen as a person would, in both themes: every control can be clicked where it is drawn,
// nothing runs off the side of the window, axe finds nothing serious (contrast included), and the
// screenshot a reviewer looks at is saved as test-results/e2e/<screen>-<theme>[@WxH].png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const THEMES = ['light', 'dark'] as const;
/** The viewport every spec opens with; screenshots at any other size carry it in their name. */
export const DEFAULT_VIEWPORT = { width: 1280, height: 800 };
/** The small window the desktop app can be resized to (issue 15): the main specs run at it too. */
export const SMALL_VIEWPORT = { width: 900, height: 600 };

/** A control that a person cannot click where it is drawn, as found in the page. */
interface Covered {
  control: string;
  hit: string;
}

/**
 * Runs in the page. Every visible button, link, input, select, textarea, checkbox and summary is scrolled
 * into view (the middle of its scroll container) and must be the element, or contain the element,
 * that `document.elementFromPoint` finds at its centre. Scroll positions are put back afterwards.
 * Behind an open modal dialog only the dialog's controls count: the rest is inert by design.
 */
function findCovered(): { covered: Covered[]; overflow: number } {
  const describe = (el: Element | null): string => {
    if (!el) return 'nothing (outside the window)';
    const label =
      el.getAttribute('aria-label') ??
      (el as HTMLInputElement).labels?.[0]?.textContent ??
      el.textContent ??
      (el as HTMLInputElement).placeholder ??
      '';
    const cls =
      typeof el.className === 'string' && el.className
        ? `.${el.className.trim().split(/\s+/).join('.')}`
        : '';
    return `<${el.tagName.toLowerCase()}${cls}> "${label.trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
  };
  // The topmost modal (a confirmation opened over another dialog is the last one shown) is what the person can reach.
  const modal =
    Array.from(document.querySelectorAll('dialog'))
      .filter((d) => d.open && d.matches(':modal'))
      .at(-1) ?? null;
  const scope: ParentNode = modal ?? document;
  const controls = Array.from(
    scope.querySelectorAll(
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="checkbox"], [role="tab"]',
    ),
  ).filter((el): el is HTMLElement => {
    if (
      !(el instanceof HTMLElement) ||
      !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
    ) {
      return false;
    }
    const r = el.getBoundingClientRect();
    // Visually hidden on purpose (a 1px clip for screen readers): not something to click.
    return r.width >= 2 && r.height >= 2;
  });
  const scrolled = new Map<Element, [number, number]>();
  const remember = (el: Element | null) => {
    for (let p = el; p; p = p.parentElement) {
      if (!scrolled.has(p)) scrolled.set(p, [p.scrollLeft, p.scrollTop]);
    }
  };
  const covered: Covered[] = [];
  for (const el of controls) {
    remember(el);
    el.scrollIntoView({ block: 'center', inline: 'center' });
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !(hit === el || el.contains(hit)))
      covered.push({ control: describe(el), hit: describe(hit) });
  }
  for (const [el, [left, top]] of scrolled) {
    el.scrollLeft = left;
    el.scrollTop = top;
  }
  const overflow =
    Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth;
  return { covered, overflow };
}

/**
 * Checks the screen now in view in both themes and saves one screenshot per theme. Throws one error
 * naming every problem found, so a spec that reaches a broken screen fails there.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const viewport = page.viewportSize();
  const size =
    viewport && (viewport.width !== DEFAULT_VIEWPORT.width || viewport.height !== DEFAULT_VIEWPORT.height)
      ? `@${viewport.width}x${viewport.height}`
      : '';
  const original = await page.evaluate(() => document.documentElement.dataset.theme ?? 'light');
  const problems: string[] = [];
  try {
    for (const theme of THEMES) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
      }, theme);
      // Colours change by CSS variables: one frame makes sure the new theme is painted before axe reads it.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
      const { covered, overflow } = await page.evaluate(findCovered);
      for (const c of covered) problems.push(`[${theme}] ${c.control} is covered by ${c.hit}`);
      if (overflow > 0) problems.push(`[${theme}] the page is ${overflow}px wider than the window`);
      const axe = await new AxeBuilder({ page }).analyze();
      for (const v of axe.violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const where = v.nodes
          .slice(0, 4)
          .map(
            (n) =>
              `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join(' ').trim()})` : ''}`,
          )
          .join('; ');
        problems.push(`[${theme}] axe ${v.id} (${v.impact}): ${v.help} — ${where}`);
      }
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${theme}${size}.png`) });
    }
  } finally {
    await page.evaluate((t) => {
      document.documentElement.dataset.theme = t;
    }, original);
  }
  if (problems.length > 0) throw new Error(`screen "${name}" has problems:\n  ${problems.join('\n  ')}`);
}
