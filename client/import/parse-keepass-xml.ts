// KeePass 2 / KeePassXC XML export → records: groups become folders, standard strings become value, username, url and notes.
import type { ImportRecord, OnProgress } from './import-types.ts';
import { ImportFormatError } from './import-types.ts';
import { importedDate } from './imported-dates.ts';
import { type KeepassEntry, type KeepassGroup, KeepassXmlScanner } from './keepass-xml-scanner.ts';
import { type ForeignRecord, fieldIf, normaliseRecord, splitTags, UNTITLED } from './record-schema.ts';
import { lineAt, stripBom } from './text-position.ts';

/** Scanned between yields to the event loop, so a window stays responsive while a big file is read. */
const SLICE = 4_000_000;
const STANDARD = new Set(['Title', 'UserName', 'Password', 'URL', 'Notes']);
const NO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA==';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface GroupInfo {
  segments: string[];
  recycled: boolean;
}

export async function parseKeepassXml(
  input: string,
  onProgress?: OnProgress,
): Promise<{ records: ImportRecord[]; warnings: string[] }> {
  const text = stripBom(input);
  const scanner = new KeepassXmlScanner(text);
  for (;;) {
    const done = scanner.advance(scanner.position + SLICE);
    onProgress?.({ done: scanner.position, total: text.length, phase: 'reading' });
    if (done) break;
    await nextTask();
  }
  const recycleBin = scanner.recycleBinUuid === NO_UUID ? '' : scanner.recycleBinUuid;
  const infos = new Map<KeepassGroup, GroupInfo>();
  const infoOf = (group: KeepassGroup): GroupInfo => {
    let info = infos.get(group);
    if (info) return info;
    const recycledHere = recycleBin !== '' && group.uuid === recycleBin;
    if (group.parent === null) {
      // The top group is the database itself ("Root", "Passwords" or its name): the vault's root folder.
      info = { segments: [], recycled: recycledHere };
    } else {
      const up = infoOf(group.parent);
      info = { segments: [...up.segments, group.name], recycled: up.recycled || recycledHere };
    }
    infos.set(group, info);
    return info;
  };
  const records: ImportRecord[] = [];
  const warnings: string[] = [];
  for (const entry of scanner.entries) {
    const info = infoOf(entry.group);
    if (info.recycled) continue;
    const record = toRecord(entry, info.segments, text);
    if (entry.attachments > 0) {
      warnings.push(
        `${record.source}: ${entry.attachments === 1 ? '1 attached file is' : `${entry.attachments} attached files are`} not imported (Keyhold keeps no files)`,
      );
    }
    records.push(record);
  }
  return { records, warnings };
}

function toRecord(entry: KeepassEntry, segments: string[], text: string): ImportRecord {
  const title = entry.strings.find((s) => s.key === 'Title')?.value ?? '';
  const source = `entry '${[...segments, title.trim() || UNTITLED].join('/')}'`;
  if (
    entry.strings.some((s) => s.encrypted) ||
    entry.history.some((h) => h.strings.some((s) => s.encrypted))
  ) {
    throw new ImportFormatError(
      source,
      'the file holds protected (encrypted) values: export the database again from KeePass or KeePassXC ' +
        'as an XML file (Database › Export › XML), which writes values unprotected',
    );
  }
  try {
    const current = normaliseRecord(foreignOf(entry, segments), source);
    const now = new Date();
    const createdAt = importedDate(entry.created, now);
    const updatedAt = importedDate(entry.modified, now);
    // Earlier states become earlier versions: only their value, notes and fields (a version has no name of
    // its own), each dated when it was last changed. Checked like the entry, named by their place.
    const history = entry.history.map((h, i) => ({
      payload: normaliseRecord(
        { ...foreignOf(h, segments), name: current.name },
        `${source}, history version ${i + 1}`,
      ).payload,
      // Undated, it is at least as old as the entry.
      createdAt:
        importedDate(h.modified, now) ?? importedDate(h.created, now) ?? createdAt ?? now.toISOString(),
    }));
    return {
      ...current,
      ...(history.length > 0 && { history }),
      ...(createdAt !== undefined && { createdAt }),
      ...(updatedAt !== undefined && { updatedAt }),
    };
  } catch (error) {
    if (error instanceof ImportFormatError && error.message.startsWith(source)) {
      throw new ImportFormatError(
        error.location,
        `${error.message.slice(error.location.length + 2)} (line ${lineAt(text, entry.offset)})`,
      );
    }
    throw error;
  }
}

/** An entry's (or an earlier state's) strings as Keyhold's record: password the value, the rest fields. */
function foreignOf(entry: KeepassEntry, segments: string[]): ForeignRecord {
  const get = (key: string) => entry.strings.find((s) => s.key === key)?.value ?? '';
  const username = get('UserName');
  const url = get('URL');
  const password = get('Password');
  const custom = entry.strings
    .filter((s) => !STANDARD.has(s.key))
    // KeePassXC keeps its TOTP setup in an "otp" attribute; Keyhold calls that field "totp", always hidden.
    .map((s) =>
      s.key === 'otp'
        ? { name: 'totp', value: s.value, hidden: true }
        : { name: s.key, value: s.value, hidden: s.protectInMemory },
    );
  return {
    segments,
    name: get('Title'),
    type: username !== '' || url !== '' || password !== '' ? 'login' : 'note',
    tags: splitTags(entry.tags),
    payload: {
      value: password,
      notes: get('Notes'),
      fields: [...fieldIf('username', username, false), ...fieldIf('url', url, false), ...custom],
    },
  };
}
