// A deterministic KeePassXC-style XML export of any size, shaped like the real tool's output, for benchmarks and tests.

const escapeXml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

const TIME = '2026-01-02T03:04:05Z';
const times = (indent: string): string =>
  [
    `${indent}<Times>`,
    `${indent}\t<LastModificationTime>${TIME}</LastModificationTime>`,
    `${indent}\t<CreationTime>${TIME}</CreationTime>`,
    `${indent}\t<LastAccessTime>${TIME}</LastAccessTime>`,
    `${indent}\t<ExpiryTime>${TIME}</ExpiryTime>`,
    `${indent}\t<Expires>False</Expires>`,
    `${indent}\t<UsageCount>0</UsageCount>`,
    `${indent}\t<LocationChanged>${TIME}</LocationChanged>`,
    `${indent}</Times>`,
  ].join('\n');

const uuid = (n: number): string => {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setUint32(12, n);
  return btoa(String.fromCharCode(...bytes));
};

const field = (indent: string, key: string, value: string, protect = false): string =>
  value === ''
    ? `${indent}<String>\n${indent}\t<Key>${escapeXml(key)}</Key>\n${indent}\t<Value${protect ? ' ProtectInMemory="True"' : ''}/>\n${indent}</String>`
    : `${indent}<String>\n${indent}\t<Key>${escapeXml(key)}</Key>\n${indent}\t<Value${protect ? ' ProtectInMemory="True"' : ''}>${escapeXml(value)}</Value>\n${indent}</String>`;

/** What entry `i` holds, so that tests can check a parse against it without keeping a copy. */
export function keepassEntry(i: number, groups = 100) {
  const group = i % groups;
  const nested = group % 10 === 0;
  return {
    groupPath: nested ? `/Group ${group}/Inner ${group}` : `/Group ${group}`,
    title: `Entry ${i} <${group}>`,
    username: i % 5 === 4 ? '' : `user${i}@example.com`,
    password: `pw-${i}-"&'<x>`,
    url: i % 3 === 0 ? `https://host${i}.example.com/login?a=1&b=2` : '',
    notes: i % 2 === 0 ? `Notes for ${i}\nsecond line\twith tab  ` : '',
    tags: i % 4 === 0 ? ['prod', `team${group}`] : [],
    apiKey: `key-${i.toString(16).padStart(8, '0')}`,
    environment: i % 2 === 0 ? 'production' : 'staging',
  };
}

function entryXml(i: number, groups: number, indent: string, withHistory: boolean): string {
  const e = keepassEntry(i, groups);
  const inner = `${indent}\t`;
  const parts = [
    `${indent}<Entry>`,
    `${inner}<UUID>${uuid(1_000_000 + i)}</UUID>`,
    `${inner}<IconID>0</IconID>`,
    `${inner}<ForegroundColor/>`,
    `${inner}<BackgroundColor/>`,
    `${inner}<OverrideURL/>`,
    e.tags.length ? `${inner}<Tags>${escapeXml(e.tags.join(','))}</Tags>` : `${inner}<Tags/>`,
    times(inner),
    field(inner, 'API Key', e.apiKey, true),
    field(inner, 'Environment', e.environment),
    field(inner, 'Notes', e.notes),
    field(inner, 'Password', e.password, true),
    field(inner, 'Title', e.title),
    field(inner, 'URL', e.url),
    field(inner, 'UserName', e.username),
    `${inner}<AutoType>`,
    `${inner}\t<Enabled>True</Enabled>`,
    `${inner}\t<DataTransferObfuscation>0</DataTransferObfuscation>`,
    `${inner}\t<DefaultSequence/>`,
    `${inner}</AutoType>`,
  ];
  if (withHistory && i % 10 === 0) {
    // An older version of the entry: importers must not turn it into a second secret.
    parts.push(
      `${inner}<History>`,
      `${inner}\t<Entry>`,
      `${inner}\t\t<UUID>${uuid(1_000_000 + i)}</UUID>`,
      field(`${inner}\t\t`, 'Password', `old-${e.password}`, true),
      field(`${inner}\t\t`, 'Title', `${e.title} (old)`),
      `${inner}\t</Entry>`,
      `${inner}</History>`,
    );
  } else {
    parts.push(`${inner}<History/>`);
  }
  parts.push(`${indent}</Entry>`);
  return parts.join('\n');
}

function groupOpen(indent: string, id: number, name: string): string {
  return [
    `${indent}<Group>`,
    `${indent}\t<UUID>${uuid(id)}</UUID>`,
    `${indent}\t<Name>${escapeXml(name)}</Name>`,
    `${indent}\t<Notes/>`,
    `${indent}\t<IconID>48</IconID>`,
    times(`${indent}\t`),
    `${indent}\t<IsExpanded>True</IsExpanded>`,
  ].join('\n');
}

/**
 * A KeePassXC 2.7 XML export with `entries` entries spread over `groups` groups under a top group
 * "Passwords" (every tenth group has a subgroup holding its entries), custom fields (one protected),
 * notes, tags, history, and a Recycle Bin holding two deleted entries that importers must skip.
 */
export function makeKeepassXml(entries: number, groups = 100): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<KeePassFile>',
    '\t<Meta>',
    '\t\t<Generator>KeePassXC</Generator>',
    '\t\t<DatabaseName>Passwords</DatabaseName>',
    '\t\t<MemoryProtection>',
    '\t\t\t<ProtectTitle>False</ProtectTitle>',
    '\t\t\t<ProtectUserName>False</ProtectUserName>',
    '\t\t\t<ProtectPassword>True</ProtectPassword>',
    '\t\t\t<ProtectURL>False</ProtectURL>',
    '\t\t\t<ProtectNotes>False</ProtectNotes>',
    '\t\t</MemoryProtection>',
    '\t\t<RecycleBinEnabled>True</RecycleBinEnabled>',
    `\t\t<RecycleBinUUID>${uuid(999_999)}</RecycleBinUUID>`,
    '\t\t<Binaries/>',
    '\t</Meta>',
    '\t<Root>',
    groupOpen('\t\t', 1, 'Passwords'),
  ];
  const byGroup: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < entries; i++) byGroup[i % groups]?.push(i);
  for (let g = 0; g < groups; g++) {
    const ids = byGroup[g] ?? [];
    out.push(groupOpen('\t\t\t', 10 + g, `Group ${g}`));
    const nested = g % 10 === 0;
    if (nested) out.push(groupOpen('\t\t\t\t', 100_000 + g, `Inner ${g}`));
    const indent = nested ? '\t\t\t\t\t' : '\t\t\t\t';
    for (const i of ids) out.push(entryXml(i, groups, indent, true));
    if (nested) out.push('\t\t\t\t</Group>');
    out.push('\t\t\t</Group>');
  }
  out.push(groupOpen('\t\t\t', 999_999, 'Recycle Bin'));
  out.push(
    entryXml(entries + 1, groups, '\t\t\t\t', false),
    entryXml(entries + 2, groups, '\t\t\t\t', false),
  );
  out.push('\t\t\t</Group>', '\t\t</Group>', '\t\t<DeletedObjects/>', '\t</Root>', '</KeePassFile>', '');
  return out.join('\n');
}
