// A one-pass scanner for KeePass 2 XML: groups, entries and their strings, without building a document tree.
// fast-xml-parser needed 14–20 s for a 100,000-entry export (146 MB) on the development machine; this takes ~1 s.
import { ImportFormatError } from './import-types.ts';
import { decodeXmlText, lineAt } from './text-position.ts';

export interface KeepassGroup {
  name: string;
  uuid: string;
  parent: KeepassGroup | null;
}

export interface KeepassString {
  key: string;
  value: string;
  protectInMemory: boolean;
  /** Encrypted with the database's inner stream key: only in a KDBX's inner XML, never in an export. */
  encrypted: boolean;
}

export interface KeepassEntry {
  group: KeepassGroup;
  strings: KeepassString[];
  tags: string;
  /** Attached files (<Binary>): Keyhold has nowhere to keep them, so the import says so. */
  attachments: number;
  /** Offset of the <Entry> tag, for the line number of an error. */
  offset: number;
  /** <Times>: the text of <CreationTime> and <LastModificationTime>, '' when absent. */
  created: string;
  modified: string;
  /** The entry's earlier states (<History>), in file order (KeePass writes the oldest first). */
  history: KeepassEntry[];
}

type Capture = 'recycle' | 'group-name' | 'group-uuid' | 'key' | 'value' | 'tags' | 'created' | 'modified';

const newEntry = (group: KeepassGroup, offset: number): KeepassEntry => ({
  group,
  strings: [],
  tags: '',
  attachments: 0,
  offset,
  created: '',
  modified: '',
  history: [],
});

/** Scans `text` a slice at a time so that a caller can yield between slices. */
export class KeepassXmlScanner {
  readonly entries: KeepassEntry[] = [];
  recycleBinUuid = '';
  #pos = 0;
  #stack: string[] = [];
  #groups: KeepassGroup[] = [];
  #entry: KeepassEntry | null = null;
  /** An earlier state of #entry being read, inside its <History>. */
  #historic: KeepassEntry | null = null;
  #historyDepth = 0;
  #string: KeepassString | null = null;
  #capture: Capture | null = null;
  #captureStart = 0;
  #sawRoot = false;

  constructor(readonly text: string) {}

  get position(): number {
    return this.#pos;
  }

  #fail(offset: number, message: string): never {
    throw new ImportFormatError(`line ${lineAt(this.text, offset)}`, message);
  }

  /** Scans until at least `limit`; returns true when the document is complete. */
  advance(limit: number): boolean {
    const { text } = this;
    while (this.#pos < limit) {
      const lt = text.indexOf('<', this.#pos);
      if (lt === -1) {
        this.#pos = text.length;
        return this.#finish();
      }
      const next = text.charCodeAt(lt + 1);
      if (next === 0x3f /* ? */) {
        this.#pos = this.#skipTo(lt, '?>');
      } else if (next === 0x21 /* ! */) {
        if (text.startsWith('<!--', lt)) this.#pos = this.#skipTo(lt, '-->');
        else if (text.startsWith('<![CDATA[', lt)) this.#pos = this.#skipTo(lt, ']]>');
        else this.#fail(lt, 'document type declarations and entities are not allowed in a KeePass export');
      } else if (next === 0x2f /* / */) {
        const gt = text.indexOf('>', lt);
        if (gt === -1) this.#fail(lt, 'the file ends inside a closing tag');
        this.#close(this.#closingName(lt + 2, gt), lt);
        this.#pos = gt + 1;
      } else {
        // Names are read by character code and attributes sliced only for <Value>: a 100 MB export has millions of tags.
        let end = lt + 1;
        for (;;) {
          const c = text.charCodeAt(end);
          if (
            c === 0x3e ||
            c === 0x2f ||
            c === 0x20 ||
            c === 0x09 ||
            c === 0x0a ||
            c === 0x0d ||
            Number.isNaN(c)
          )
            break;
          end++;
        }
        const gt = text.indexOf('>', end);
        if (gt === -1) this.#fail(lt, 'the file ends inside a tag');
        if (end === lt + 1) this.#fail(lt, "'<' must start a tag (write &lt; in text)");
        const name = text.slice(lt + 1, end);
        const selfClosing = text.charCodeAt(gt - 1) === 0x2f;
        this.#open(name, name === 'Value' ? text.slice(end, gt) : '', lt, gt + 1);
        if (selfClosing) this.#close(name, lt);
        this.#pos = gt + 1;
      }
    }
    return false;
  }

  /** The name in `</name>`: usually the element open on top of the stack, checked without slicing. */
  #closingName(from: number, gt: number): string {
    const open = this.#stack[this.#stack.length - 1];
    if (
      open !== undefined &&
      this.text.startsWith(open, from) &&
      this.text.slice(from + open.length, gt).trim() === ''
    ) {
      return open;
    }
    return this.text.slice(from, gt).trim();
  }

  #skipTo(from: number, end: string): number {
    const at = this.text.indexOf(end, from);
    if (at === -1) this.#fail(from, `the file ends before '${end}'`);
    return at + end.length;
  }

  #open(name: string, attributes: string, offset: number, contentStart: number): void {
    const stack = this.#stack;
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      if (this.#sawRoot) this.#fail(offset, 'content after the end of <KeePassFile>');
      if (name !== 'KeePassFile')
        this.#fail(offset, 'not a KeePass XML export (it must start with <KeePassFile>)');
      this.#sawRoot = true;
    }
    stack.push(name);
    if (this.#capture !== null) this.#fail(offset, `<${name}> is not allowed inside a text value`);
    let capture: Capture | null = null;
    // The entry that content here belongs to: the live one, or the earlier state being read in its history.
    const target = this.#historyDepth === 0 ? this.#entry : this.#historic;
    const inEntry = target !== null;
    if (name === 'Group' && (parent === 'Root' || parent === 'Group') && this.#entry === null) {
      const up = this.#groups[this.#groups.length - 1] ?? null;
      this.#groups.push({ name: '', uuid: '', parent: parent === 'Root' ? null : up });
    } else if (name === 'Entry' && parent === 'Group' && this.#entry === null) {
      const group = this.#groups[this.#groups.length - 1];
      if (!group) this.#fail(offset, '<Entry> outside of a <Group>');
      this.#entry = newEntry(group, offset);
    } else if (name === 'Entry' && parent === 'History' && this.#entry !== null && this.#historic === null) {
      this.#historic = newEntry(this.#entry.group, offset);
    } else if (name === 'History' && this.#entry !== null) {
      this.#historyDepth++;
    } else if (name === 'RecycleBinUUID' && parent === 'Meta') {
      capture = 'recycle';
    } else if (parent === 'Group' && this.#entry === null && (name === 'Name' || name === 'UUID')) {
      capture = name === 'Name' ? 'group-name' : 'group-uuid';
    } else if (inEntry && parent === 'Entry' && name === 'Tags') {
      capture = 'tags';
    } else if (inEntry && parent === 'Times' && name === 'CreationTime') {
      capture = 'created';
    } else if (inEntry && parent === 'Times' && name === 'LastModificationTime') {
      capture = 'modified';
    } else if (inEntry && parent === 'Entry' && name === 'Binary' && target !== null) {
      target.attachments++;
    } else if (inEntry && parent === 'Entry' && name === 'String') {
      this.#string = { key: '', value: '', protectInMemory: false, encrypted: false };
    } else if (
      inEntry &&
      parent === 'String' &&
      this.#string !== null &&
      (name === 'Key' || name === 'Value')
    ) {
      capture = name === 'Key' ? 'key' : 'value';
      if (name === 'Value') {
        this.#string.protectInMemory = /\bProtectInMemory\s*=\s*["']True["']/i.test(attributes);
        this.#string.encrypted = /\bProtected\s*=\s*["']True["']/i.test(attributes);
      }
    }
    this.#capture = capture;
    this.#captureStart = contentStart;
  }

  #close(name: string, offset: number): void {
    const open = this.#stack.pop();
    if (open !== name) {
      this.#fail(
        offset,
        open === undefined ? `</${name}> closes nothing` : `</${name}> where </${open}> was expected`,
      );
    }
    if (this.#capture !== null) {
      const value = this.#textOf(this.#captureStart, offset);
      this.#store(this.#capture, value);
      this.#capture = null;
    }
    if (
      name === 'Group' &&
      this.#entry === null &&
      (this.#stack.at(-1) === 'Root' || this.#stack.at(-1) === 'Group')
    ) {
      this.#groups.pop();
    } else if (name === 'History' && this.#entry !== null) {
      this.#historyDepth--;
    } else if (name === 'Entry' && this.#entry !== null && this.#historyDepth === 0) {
      this.entries.push(this.#entry);
      this.#entry = null;
    } else if (name === 'Entry' && this.#historic !== null) {
      this.#entry?.history.push(this.#historic);
      this.#historic = null;
    } else if (name === 'String' && this.#string !== null) {
      this.#current()?.strings.push(this.#string);
      this.#string = null;
    }
  }

  /** The entry content goes to now: the earlier state being read inside a history, else the live entry. */
  #current(): KeepassEntry | null {
    return this.#historyDepth === 0 ? this.#entry : this.#historic;
  }

  #store(capture: Capture, value: string): void {
    const group = this.#groups[this.#groups.length - 1];
    const entry = this.#current();
    switch (capture) {
      case 'recycle':
        this.recycleBinUuid = value.trim();
        break;
      case 'group-name':
        if (group) group.name = value;
        break;
      case 'group-uuid':
        if (group) group.uuid = value.trim();
        break;
      case 'tags':
        if (entry) entry.tags = value;
        break;
      case 'created':
        if (entry) entry.created = value.trim();
        break;
      case 'modified':
        if (entry) entry.modified = value.trim();
        break;
      case 'key':
        if (this.#string) this.#string.key = value;
        break;
      case 'value':
        if (this.#string) this.#string.value = value;
        break;
    }
  }

  /** Text between two offsets: entities decoded, CDATA kept verbatim, comments dropped. */
  #textOf(start: number, end: number): string {
    const { text } = this;
    const raw = text.slice(start, end);
    if (!raw.includes('<')) return decodeXmlText(raw, text, start);
    let out = '';
    let at = start;
    while (at < end) {
      const lt = text.indexOf('<', at);
      const stop = lt === -1 || lt > end ? end : lt;
      out += decodeXmlText(text.slice(at, stop), text, at);
      if (stop === end) break;
      if (text.startsWith('<![CDATA[', stop)) {
        const close = text.indexOf(']]>', stop);
        out += text.slice(stop + 9, close);
        at = close + 3;
      } else {
        at = text.indexOf('-->', stop) + 3;
      }
    }
    return out;
  }

  #finish(): boolean {
    if (!this.#sawRoot) this.#fail(0, 'not a KeePass XML export (no <KeePassFile> element)');
    const open = this.#stack[this.#stack.length - 1];
    if (open !== undefined) this.#fail(this.text.length, `the file ends before </${open}>`);
    return true;
  }
}
