// The public page of a one-time link (/s/<id>#<key>): asks the server for the ciphertext, decrypts it here
// with the key from the fragment (never sent anywhere), and shows a text with a copy button or a file's
// name and size with a download button, in English or Russian as the browser prefers. Plain DOM, no
// framework: this page is all a stranger loads.
import { fromBase64 } from '../../../client/crypto/encoding.ts';
import { parseShareLink } from '../../../client/links/share-link-crypto.ts';
import { openShareLink } from '../../../client/links/share-links.ts';
import type { InputOf, OutputOf, Result } from '../../../contract/index.ts';
import { enLinks } from '../../i18n/en-links.ts';
import { ruLinks } from '../../i18n/ru-links.ts';
import { humanSize } from '../../vault/attachments/file-bytes.ts';
import './share-page.css';

type Words = typeof enLinks.links.page;

const words: Words = (navigator.language ?? '').toLowerCase().startsWith('ru')
  ? ruLinks.links.page
  : enLinks.links.page;
document.documentElement.lang = words === ruLinks.links.page ? 'ru' : 'en';
document.title = `Keyhold — ${words.title}`;

const say = (text: string, values: Record<string, string | number> = {}) =>
  text.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => String(values[key] ?? ''));

/** A refusal the page words itself (every kind of "gone" is one). */
class Refused extends Error {
  constructor(
    readonly kind: 'gone' | 'rate_limited' | 'unreachable',
    readonly seconds = 0,
  ) {
    super(kind);
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const card = document.getElementById('share') as HTMLElement;

function show(...children: (Node | string)[]) {
  card.replaceChildren(el('div', { className: 'brand' }, 'Keyhold'), ...children);
}

function showGone(detail: string = words.goneHint) {
  show(el('h1', {}, words.gone), el('p', { className: 'muted' }, detail));
}

async function open(id: string, input: InputOf<'openShareLink'>): Promise<OutputOf<'openShareLink'>> {
  let answer: Response;
  try {
    answer = await fetch(`/v1/public/links/${encodeURIComponent(id)}/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ proof: input.proof }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new Refused('unreachable');
  }
  const result = (await answer.json().catch(() => null)) as Result<OutputOf<'openShareLink'>> | null;
  if (result?.ok) return result.value;
  if (result?.error.code === 'rate_limited') throw new Refused('rate_limited', result.error.retryAfter ?? 60);
  throw new Refused('gone');
}

/** Shows the password form; resolves with what is typed. */
function askPassword(wrong: boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const input = el('input', {
      type: 'password',
      id: 'share-password',
      autocomplete: 'off',
      required: true,
    });
    const form = el(
      'form',
      {},
      el('p', { className: wrong ? 'problem' : '' }, wrong ? words.passwordWrong : words.passwordAsk),
      el('label', { htmlFor: 'share-password' }, words.passwordLabel),
      input,
      el('div', { className: 'actions' }, el('button', { type: 'submit' }, words.passwordSubmit)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      show(el('h1', {}, words.title), el('p', { className: 'muted' }, words.opening));
      resolve(input.value);
    });
    show(el('h1', {}, words.title), form);
    input.focus();
  });
}

function copyButton(text: string): HTMLButtonElement {
  const button = el('button', { type: 'button' }, words.copy);
  button.addEventListener('click', () => {
    void navigator.clipboard.writeText(text).then(() => {
      button.textContent = words.copied;
    });
  });
  return button;
}

/**
 * Saves the decrypted bytes under the shared name: a Blob's object URL and a download link clicked for the
 * person. The CSP allows it as it is: a download is not a fetch, a frame or an image, and no directive of
 * the policy governs it (only a `sandbox` without `allow-downloads` would, and the page has none). The Blob
 * is typed as bytes, so the browser saves it and never renders it.
 */
function downloadButton(name: string, bytes: Uint8Array<ArrayBuffer>): HTMLButtonElement {
  const button = el('button', { type: 'button', id: 'share-download' }, say(words.download, { name }));
  button.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const link = el('a', { href: url, download: name, rel: 'noopener', hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // The download has taken the URL by the time the click returns; let it go a little later.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return button;
}

function remaining(viewsLeft: number): HTMLElement {
  return el(
    'p',
    { className: 'muted' },
    viewsLeft === 0 ? words.lastView : say(words.viewsLeft, { count: viewsLeft }),
  );
}

async function reveal(id: string, key: string) {
  show(el('h1', {}, words.title), el('p', { className: 'muted' }, words.opening));
  let viewsLeft = 0;
  try {
    const payload = await openShareLink(
      async (input) => {
        const answer = await open(id, input);
        if (answer.state === 'open') viewsLeft = answer.viewsLeft;
        return answer;
      },
      id,
      key,
      askPassword,
    );
    // The key leaves the address bar (and the history) once it has done its work.
    history.replaceState(null, '', location.pathname);
    if (!payload) return showGone();
    if (payload.kind === 'text') {
      const area = el('textarea', { readOnly: true, value: payload.text, id: 'share-text' });
      area.setAttribute('aria-label', words.title);
      show(
        el('h1', {}, words.title),
        area,
        el('div', { className: 'actions' }, copyButton(payload.text)),
        remaining(viewsLeft),
      );
      return;
    }
    const bytes = new Uint8Array(fromBase64(payload.data));
    show(
      el('h1', {}, words.title),
      el('p', {}, words.fileIntro),
      el(
        'p',
        { className: 'share-file', id: 'share-file' },
        el('strong', {}, payload.name),
        ' ',
        el('span', { className: 'muted' }, humanSize(bytes.length, document.documentElement.lang)),
      ),
      el('div', { className: 'actions' }, downloadButton(payload.name, bytes)),
      remaining(viewsLeft),
    );
  } catch (error) {
    if (error instanceof Refused && error.kind === 'rate_limited') {
      return show(
        el('h1', {}, words.title),
        el('p', { className: 'problem' }, say(words.rateLimited, { seconds: error.seconds })),
      );
    }
    if (error instanceof Refused && error.kind === 'unreachable') {
      return show(el('h1', {}, words.title), el('p', { className: 'problem' }, words.unreachable));
    }
    if (error instanceof Refused) return showGone();
    // The server answered but the fragment's key does not open it: a link cut short or altered.
    showGone(words.broken);
  }
}

function start() {
  const link = parseShareLink(location.href);
  if (!link) return showGone();
  const button = el('button', { type: 'button', id: 'share-open' }, words.open);
  // Opening counts a view: only a person's click does it, never a preview bot loading the page.
  button.addEventListener('click', () => void reveal(link.id, link.key));
  show(
    el('h1', {}, words.title),
    el('p', { className: 'muted' }, words.intro),
    el('div', { className: 'actions' }, button),
  );
}

start();
