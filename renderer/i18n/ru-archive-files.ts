// Русский для файлов в архиве экспорта: ход их записи и возврата и что о них говорят экспорт и импорт.
// Добавляется в ru.ts; повторяет en-archive-files.ts.

export const ruArchiveFiles = {
  archiveFiles: {
    phase: 'Файлы…',
    progress: '{{done}} из {{total}} МиБ',
    exported_one: 'В архиве {{count}} файл.',
    exported_few: 'В архиве {{count}} файла.',
    exported_many: 'В архиве {{count}} файлов.',
    exported_other: 'В архиве {{count}} файла.',
    attached_one: '{{count}} файл возвращён в свою запись',
    attached_few: '{{count}} файла возвращены в свои записи',
    attached_many: '{{count}} файлов возвращены в свои записи',
    attached_other: '{{count}} файла возвращены в свои записи',
    skipped_one: '{{count}} файл пропущен (его запись пропущена или уже хранит его)',
    skipped_few: '{{count}} файла пропущены (их записи пропущены или уже хранят их)',
    skipped_many: '{{count}} файлов пропущены (их записи пропущены или уже хранят их)',
    skipped_other: '{{count}} файла пропущены (их записи пропущены или уже хранят их)',
    refused: 'Не добавлен — {{where}}: {{reason}}',
    stopped: 'Записи импортированы, но возврат их файлов остановился: {{reason}}',
  },
};
