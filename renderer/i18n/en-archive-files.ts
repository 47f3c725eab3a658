// English for the files an export archive carries: the progress while they are written or put back, and
// what the export and the import say about them. Spread into en.ts; ru-archive-files.ts mirrors it.

export const enArchiveFiles = {
  archiveFiles: {
    phase: 'Files…',
    progress: '{{done}} of {{total}} MiB',
    exported_one: 'The archive holds {{count}} file.',
    exported_few: 'The archive holds {{count}} files.',
    exported_many: 'The archive holds {{count}} files.',
    exported_other: 'The archive holds {{count}} files.',
    attached_one: '{{count}} file put back on its item',
    attached_few: '{{count}} files put back on their items',
    attached_many: '{{count}} files put back on their items',
    attached_other: '{{count}} files put back on their items',
    skipped_one: '{{count}} file left out (its item was skipped or holds it already)',
    skipped_few: '{{count}} files left out (their items were skipped or hold them already)',
    skipped_many: '{{count}} files left out (their items were skipped or hold them already)',
    skipped_other: '{{count}} files left out (their items were skipped or hold them already)',
    refused: 'Not attached — {{where}}: {{reason}}',
    stopped: 'The items were imported, but putting their files back stopped: {{reason}}',
  },
};
